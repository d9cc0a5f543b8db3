import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerateOutcome } from '../../../client/src/api';
import { api, fake, openFixture, placeCursor, serverReady } from './env';

export function failureTests(): void {
  suite('provider failure', () => {
    setup(async () => {
      await fake.reset();
    });

    test('a 401 from the provider is shown as a clear error naming the provider', async () => {
      const a = await api();
      await serverReady(a);
      await fake.fault({ status: 401 });
      const editor = await openFixture('failure.ts');
      const before = editor.document.getText();
      placeCursor(editor, 'export function divide', 1);
      const outcome = await vscode.commands.executeCommand<GenerateOutcome>('weavergen.generate');
      assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
      assert.equal(editor.document.getText(), before);
      const msg = a.test.messages().at(-1);
      assert.equal(msg?.severity, 'error', JSON.stringify(msg));
      assert.match(msg?.text ?? '', /local/, 'the message names the provider');
      assert.match(msg?.text ?? '', /401|auth|key|unauthori[sz]ed/i, 'the message says what went wrong');
    });
  });
}
