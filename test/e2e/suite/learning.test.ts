import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerateOutcome } from '../../../client/src/api';
import type { LearningSummary } from '../../../server/src/protocol';
import { api, fake, serverReady, until, waitForEvent, waitForText } from './env';

const VIEW_TYPE = 'weavergen.learning';

type Shown = { viewType: string; summary: LearningSummary } | undefined;

export function learningTests(): void {
  suite('Learning', () => {
    setup(async () => {
      await fake.reset();
    });

    test('an undone generation is recorded, and Show What Was Learned opens the report', async () => {
      await serverReady(await api());
      await fake.reply('return a - b; // e2e-learning-marker');
      const doc = await vscode.workspace.openTextDocument({
        language: 'typescript',
        content: '// learning fixture\nexport function diff(a: number, b: number): number {\n}\n',
      });
      const editor = await vscode.window.showTextDocument(doc);
      const outcome = await vscode.commands.executeCommand<GenerateOutcome>('weavergen.generate', { uri: doc.uri.toString(), position: { line: 2, character: 0 } });
      assert.equal(outcome.status, 'applied', JSON.stringify(outcome));
      await waitForText(editor.document, (t) => t.includes('e2e-learning-marker'));
      // Nothing in this suite undoes a generation before: any undone outcome is this one.
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('undo');
      await waitForText(editor.document, (t) => !t.includes('e2e-learning-marker'));
      let shown: Shown;
      await until(async () => {
        shown = await vscode.commands.executeCommand<Shown>('weavergen.showLearning');
        return (shown?.summary.counts.undone ?? 0) > 0;
      }, 15_000, 'the undo was never recorded as an outcome');
      assert.equal(shown?.viewType, VIEW_TYPE);
      assert.ok(shown!.summary.providers.some((p) => p.providerId === 'local'), JSON.stringify(shown!.summary.providers));

      const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      const isReport = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE);
      if (!tabs().some(isReport)) {
        await waitForEvent(vscode.window.tabGroups.onDidChangeTabs, () => tabs().some(isReport), 15_000,
          `no learning report tab; tabs: ${tabs().map((t) => t.label).join(', ')}`);
      }
      assert.ok(tabs().some(isReport));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor').then(undefined, () => undefined);
    });
  });
}
