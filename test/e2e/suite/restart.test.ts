import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerateOutcome } from '../../../client/src/api';
import { api, fake, openFixture, placeCursor, serverReady, waitForEvent, waitForText } from './env';

export function restartTests(): void {
  suite('supervision', () => {
    setup(async () => {
      await fake.reset();
    });

    test('a killed language server is restarted, the user is told, and generation works again', async () => {
      const a = await api();
      await serverReady(a);
      const pid = a.test.serverPid();
      assert.ok(pid, 'server pid');
      const starts = a.test.serverStarts();
      const restarted = waitForEvent(a.test.onDidStartServer, (n) => n > starts, 30_000, 'the server was not restarted');
      process.kill(pid, 'SIGKILL');
      await restarted;
      assert.notEqual(a.test.serverPid(), pid);
      assert.ok(
        a.test.messages().some((m) => m.text.includes('WeaverGen language server crashed and was restarted')),
        'the user is told about the restart',
      );
      await fake.reply('return -a; // e2e-restart-marker');
      const editor = await openFixture('restart.ts');
      placeCursor(editor, 'export function negate', 1);
      const outcome = await vscode.commands.executeCommand<GenerateOutcome>('weavergen.generate');
      assert.equal(outcome.status, 'applied', JSON.stringify(outcome));
      await waitForText(editor.document, (t) => t.includes('e2e-restart-marker'));
    });
  });
}
