import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerateTestsResult } from '../../../server/src/protocol';
import { api, fake, openFixture, placeCursor, serverReady, workspaceRoot } from './env';

const TESTS = [
  "import { test } from 'node:test';",
  "import assert from 'node:assert/strict';",
  "import { mean } from './stats';",
  '',
  "test('mean (e2e-testgen-marker)', () => {",
  '  assert.equal(mean([1, 2, 3]), 2);',
  '  assert.equal(mean([]), 0);',
  '});',
].join('\n');

/** WeaverGen: Generate Tests for Function, from the palette command to the new test file. */
export function testgenTests(): void {
  suite('generated tests', () => {
    const testFile = () => vscode.Uri.file(path.join(workspaceRoot(), 'src', 'stats.test.ts'));
    setup(async () => {
      await fake.reset();
    });
    teardown(async () => {
      await vscode.workspace.saveAll(false);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(testFile()).then(undefined, () => undefined);
    });

    test('Generate Tests for Function runs the tests in the sandbox and writes them to a new sibling test file', async () => {
      await serverReady(await api());
      await fake.reply(TESTS);
      const editor = await openFixture('stats.ts');
      placeCursor(editor, 'export function mean');
      const result = await vscode.commands.executeCommand<GenerateTestsResult>('weavergen.generateTests');
      assert.equal(result.applied, true, JSON.stringify(result));
      assert.equal(vscode.Uri.parse(result.testUri ?? '').fsPath, testFile().fsPath);
      const doc = await vscode.workspace.openTextDocument(testFile());
      assert.match(doc.getText(), /e2e-testgen-marker/);
      assert.match(doc.getText(), /import \{ mean \} from '\.\/stats'/);
      assert.equal(doc.getText().match(/e2e-testgen-marker/g)?.length, 1, 'written once');
      assert.equal(editor.document.getText().includes('e2e-testgen-marker'), false, 'the module itself is untouched');
    });

    test('tests that fail against the implementation are never written', async () => {
      await serverReady(await api());
      await fake.reply(TESTS.replace('mean([1, 2, 3]), 2', 'mean([1, 2, 3]), 3'));
      const editor = await openFixture('stats.ts');
      placeCursor(editor, 'export function mean');
      const result = await vscode.commands.executeCommand<GenerateTestsResult>('weavergen.generateTests');
      assert.equal(result.applied, false, JSON.stringify(result));
      if (!result.applied) assert.match(result.reason ?? '', /passed against the current implementation: .*(Expected|equal|3)/, 'refused because the test ran and failed');
      const written = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === testFile().fsPath)?.getText()
        ?? await Promise.resolve(vscode.workspace.fs.readFile(testFile())).then((b) => Buffer.from(b).toString('utf8'), () => '');
      assert.equal(written.includes('mean([1, 2, 3]), 3'), false, 'the failing test was not written');
    });
  });
}
