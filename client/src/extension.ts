/** Entry point: activate/deactivate only. Everything else lives in Ctx and the command table. */
import * as vscode from 'vscode';
import type { WeaverApi } from './api';
import { registerCommands } from './commands';
import { Ctx, errorText } from './ctx';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<WeaverApi> {
  const t0 = performance.now();
  const c = new Ctx(context);
  ctx = c;
  registerCommands(c);
  try {
    await c.start();
  } catch (e) {
    void c.messages.show('error', `WeaverGen: the language server failed to start: ${errorText(e)}`, 'Show Output').then((x) => x && c.log.show());
    throw e;
  }
  const activationMs = performance.now() - t0;
  c.log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return {
    activationMs,
    test: {
      messages: () => c.messages.all(),
      onDidShowMessage: c.messages.onDidShow,
      serverPid: () => c.serverPid,
      serverStarts: () => c.serverStarts,
      onDidStartServer: c.onDidStartServer,
      isRunning: () => c.isRunning,
      providers: () => c.providers,
      statusText: () => c.statusBar.text,
    },
  };
}

export async function deactivate(): Promise<void> {
  const c = ctx;
  ctx = undefined;
  await c?.dispose();
}
