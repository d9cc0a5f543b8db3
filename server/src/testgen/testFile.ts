/**
 * The test file tests of a module go to: an existing sibling `name.test.ts` / `name.spec.ts`
 * / `__tests__/name.*` / `test/name.test.*` (an open document's text and version win over
 * the disk), else a new sibling `name.test.ts`. Only `file:` modules have one.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { testFileCandidates } from '../orchestra/workspaceTests';
import { MAX_BYTES } from '../orchestra/workspaceTests';

export interface TestFileDeps {
  /** An open document by URI (text and version), if open. */
  openDocument(uri: string): { text: string; version: number } | undefined;
  /** A file's text, or undefined when missing/unreadable/too large. */
  readFile(filePath: string, maxBytes: number): Promise<string | undefined>;
}

export interface TestFileRef {
  uri: string;
  path: string;
  exists: boolean;
  /** Current text ('' for a new file). */
  text: string;
  /** The open document's version, when the test file is open in the editor. */
  version?: number;
  /** How the test file imports the module, e.g. './math'. */
  importSpecifier: string;
}

export function modulePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export async function locateTestFile(moduleUri: string, deps: TestFileDeps): Promise<TestFileRef | undefined> {
  const modulePath = modulePathOf(moduleUri);
  if (!modulePath) return undefined;
  for (const p of testFileCandidates(modulePath)) {
    const uri = pathToFileURL(p).href;
    const open = deps.openDocument(uri);
    const text = open ? open.text : await deps.readFile(p, MAX_BYTES);
    if (text === undefined) continue;
    return { uri, path: p, exists: true, text, ...(open ? { version: open.version } : {}), importSpecifier: specifier(p, modulePath) };
  }
  const base = path.basename(modulePath).replace(/\.[^.]+$/, '');
  const p = path.join(path.dirname(modulePath), `${base}.test.ts`);
  const uri = pathToFileURL(p).href;
  const open = deps.openDocument(uri); // an unsaved new test document
  return {
    uri, path: p, exists: !!open, text: open?.text ?? '', ...(open ? { version: open.version } : {}), importSpecifier: specifier(p, modulePath),
  };
}

/** The relative import specifier of `modulePath` from `testPath`, without the extension. */
export function specifier(testPath: string, modulePath: string): string {
  let rel = path.relative(path.dirname(testPath), modulePath).replace(/\\/g, '/').replace(/\.[cm]?[jt]sx?$/, '');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}
