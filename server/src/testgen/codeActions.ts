/**
 * Code actions for an exported function without tests: the pre-generated tests from the
 * cache (instant; the edit built for the test file's current state), or, on a miss, a
 * command that generates them now (`TestGenCommands.generateTests`).
 */
import { CodeAction, CodeActionKind } from 'vscode-languageserver';
import type { Position } from 'vscode-languageserver-protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  cachedTestsTitle, generateTestsTitle, PregenCommands, TestGenCommands, type GenerateTestsCommandArgs, type PregenAcceptedParams,
} from '../protocol';
import { TEST_KIND } from './key';
import type { TestPregen } from './pregen';
import { mentions } from './target';

export async function testCodeActions(doc: TextDocument, position: Position, tests: TestPregen | undefined): Promise<CodeAction[]> {
  if (!tests) return [];
  const text = doc.getText();
  const target = await tests.service.resolve({ uri: doc.uri, text, position });
  if (!target || (target.testFile.exists && mentions(target.testFile.text, target.fn.symbol))) return [];
  const symbol = target.fn.symbol;
  const args: GenerateTestsCommandArgs = { uri: doc.uri, version: doc.version, position };
  const title = generateTestsTitle(symbol);
  const generate = CodeAction.create(title, { title, command: TestGenCommands.generateTests, arguments: [args] }, CodeActionKind.RefactorRewrite);
  const hit = tests.cached(doc.uri, target);
  if (!hit) return [generate];
  const r = hit.result;
  const cachedTitle = cachedTestsTitle(symbol, r.quality.score, r.tests.chosen.mutantsKilled);
  const insert = CodeAction.create(cachedTitle, r.edit, CodeActionKind.RefactorRewrite);
  const accepted: PregenAcceptedParams = { uri: doc.uri, kind: TEST_KIND, key: hit.key };
  insert.command = { title: cachedTitle, command: PregenCommands.accepted, arguments: [accepted] };
  return [insert, generate];
}
