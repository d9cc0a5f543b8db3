/** The "no provider" guidance shown when nothing can generate. */
import * as vscode from 'vscode';
import { ClientCommands } from '../../../server/src/protocol';
import { openSettings } from '../config';
import type { Ctx } from '../ctx';

export function noProviderHelp(ctx: Ctx, serverMessage?: string): void {
  const text = `WeaverGen: no model provider is available${serverMessage ? ` (${serverMessage})` : ''}. Add an API key, point it at a local OpenAI-compatible server, or try the recorded demo.`;
  void ctx.messages.show('warning', text, 'Set API Key', 'Use a local server', 'Run recorded demo').then((choice) => {
    if (choice === 'Set API Key') void vscode.commands.executeCommand(ClientCommands.setApiKey);
    else if (choice === 'Use a local server') void openSettings('providers');
    else if (choice === 'Run recorded demo') void vscode.commands.executeCommand(ClientCommands.runDemo);
  });
}
