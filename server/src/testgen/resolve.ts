/**
 * A test target: the exported function at a position, the test file its tests go to and
 * the framework that file uses. Undefined when the position is not on an exported,
 * implemented function, or the module has no place for a test file (not `file:`).
 */
import type { Position } from 'vscode-languageserver-protocol';
import { fileNameOf } from '../generation/service';
import type { TestFramework } from '../protocol/testgen';
import { LineMap } from '../util/lineMap';
import { detectFramework } from './framework';
import { functionAt, type FunctionTarget } from './target';
import { locateTestFile, type TestFileDeps, type TestFileRef } from './testFile';

export interface TestTarget {
  fn: FunctionTarget;
  testFile: TestFileRef;
  framework: TestFramework;
}

export async function resolveTestTarget(
  req: { uri: string; text: string; position: Position }, files: TestFileDeps,
): Promise<TestTarget | undefined> {
  const fn = functionAt(req.text, fileNameOf(req.uri), new LineMap(req.text).offsetAt(req.position));
  if (!fn) return undefined;
  const testFile = await locateTestFile(req.uri, files);
  if (!testFile) return undefined;
  return { fn, testFile, framework: detectFramework(testFile.text) };
}
