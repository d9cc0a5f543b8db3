import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, serverReady } from './env';

export function activationTests(): void {
  suite('activation', () => {
    test('the extension activates and reports its activation time', async () => {
      const a = await api();
      assert.equal(typeof a.activationMs, 'number');
      console.log(`activation: ${a.activationMs.toFixed(1)} ms (includes starting the language server)`);
      assert.ok(a.activationMs > 0 && a.activationMs < 600_000, `activationMs = ${a.activationMs}`);
      await serverReady(a);
      assert.ok(a.test.serverPid(), 'the language server has a process id');
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['weavergen.generate', 'weavergen.setApiKey', 'weavergen.selectProviders', 'weavergen.showOutput', 'weavergen.runDemo', 'weavergen.restartServer']) {
        assert.ok(commands.includes(id), `command ${id} is registered`);
      }
    });
  });
}
