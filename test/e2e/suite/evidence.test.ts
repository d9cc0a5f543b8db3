import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerateOutcome } from '../../../client/src/api';
import { api, fake, serverReady, until, waitForEvent, waitForText } from './env';

const VIEW_TYPE = 'weavergen.evidence';

/**
 * Code lenses of `doc` once one satisfies `pred`. LSP messages are ordered (didChange, then
 * the regionApplied notification, then this request), so the first answer normally has it;
 * the bounded retry covers the editor batching its lens requests.
 */
async function lensesUntil(doc: vscode.TextDocument, pred: (titles: string[]) => boolean): Promise<vscode.CodeLens[]> {
  let lenses: vscode.CodeLens[] = [];
  const titles = () => lenses.map((l) => l.command?.title ?? '');
  await until(async () => {
    lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [];
    return pred(titles());
  }, 20_000, 'the evidence code lens never appeared').catch((e: Error) => {
    throw new Error(`${e.message}; saw ${JSON.stringify(titles())}`);
  });
  return lenses;
}

export function evidenceTests(): void {
  suite('Evidence', () => {
    setup(async () => {
      await fake.reset();
    });

    test('after Generate: the evidence code lens and hover, and Show Evidence opens the webview', async () => {
      await serverReady(await api());
      await fake.reply('return a + b + c; // e2e-evidence-marker');
      const doc = await vscode.workspace.openTextDocument({
        language: 'typescript',
        content: '// evidence fixture\nexport function add3(a: number, b: number, c: number): number {\n}\n',
      });
      const editor = await vscode.window.showTextDocument(doc);
      const outcome = await vscode.commands.executeCommand<GenerateOutcome>('weavergen.generate', { uri: doc.uri.toString(), position: { line: 2, character: 0 } });
      assert.equal(outcome.status, 'applied', JSON.stringify(outcome));
      await waitForText(editor.document, (t) => t.includes('e2e-evidence-marker'));

      const lenses = await lensesUntil(doc, (t) => t.some((x) => /by local/.test(x)));
      const line = doc.getText().split('\n').findIndex((l) => l.includes('e2e-evidence-marker'));
      const main = lenses.find((l) => /by local/.test(l.command?.title ?? ''))!;
      assert.equal(main.range.start.line, line);
      if (outcome.status === 'applied' && outcome.result.quality) {
        assert.match(main.command!.title, new RegExp(`^Quality ${Math.round(outcome.result.quality.score)} · `));
      }
      assert.ok(lenses.some((l) => l.command?.title === 'Show evidence' && l.command.command === 'weavergen.showEvidence'));
      assert.ok(lenses.some((l) => l.command?.title === 'Regenerate'));

      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 6));
      const md = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
      assert.match(md, /by local \(fake-coder\)/);
      assert.match(md, /\[Details\]\(command:weavergen\.showEvidence/);
      const traceId = outcome.status === 'applied' ? outcome.result.traceId : undefined;
      if (traceId) assert.match(md, new RegExp(traceId));

      const shown = await vscode.commands.executeCommand<{ viewType: string } | undefined>('weavergen.showEvidence', main.command!.arguments?.[0]);
      assert.equal(shown?.viewType, VIEW_TYPE);
      // The tab model catches up with the new panel asynchronously: wait for its change event.
      const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      const isEvidence = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE);
      if (!tabs().some(isEvidence)) {
        await waitForEvent(vscode.window.tabGroups.onDidChangeTabs, () => tabs().some(isEvidence), 15_000,
          `no evidence webview tab; tabs: ${tabs().map((t) => t.label).join(', ')}`);
      }
      assert.ok(tabs().some(isEvidence));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
    });
  });
}
