import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, fake, openFixture, serverReady, waitForText } from './env';

export function codeActionTests(): void {
  suite('code action', () => {
    setup(async () => {
      await fake.reset();
    });

    test('"Generate with WeaverGen" on an intent comment inserts the model\'s code', async () => {
      await serverReady(await api());
      await fake.reply('return a + b; // e2e-code-action-marker');
      const editor = await openFixture('intent.ts');
      const doc = editor.document;
      const line = doc.getText().split('\n').findIndex((l) => l.includes('// weaver:'));
      const range = new vscode.Range(line, 5, line, 5);
      const actions = await codeActions(doc.uri, range);
      const titles = actions.map((a) => a.title);
      const action = actions.find((a) => a.title.includes('Generate with WeaverGen'));
      assert.ok(action, `no "Generate with WeaverGen" among: ${JSON.stringify(titles)}`);
      const command = 'command' in action && typeof action.command === 'object' ? action.command : (action as vscode.Command);
      assert.ok(command?.command, 'the code action carries a command');
      const changed = waitForText(doc, (t) => t.includes('e2e-code-action-marker'));
      await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
      await changed;
      assert.match(doc.getText(), /return a \+ b; \/\/ e2e-code-action-marker/);
    });
  });
}

/**
 * `vscode.executeCodeActionProvider` asks every provider, and the whole call fails with
 * "Canceled" when any one of them cancels — the built-in TypeScript features do while
 * tsserver is still loading the project. Retry a few times on that, nothing else.
 */
async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<(vscode.CodeAction | vscode.Command)[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range);
    } catch (e) {
      if (attempt >= 5 || !(e instanceof Error) || e.name !== 'Canceled') throw e;
      console.log(`code actions cancelled by another provider (attempt ${attempt}); retrying`);
    }
  }
}
