/**
 * WeaverGen: Run Recorded Demo — switches this workspace to the bundled recordings and
 * opens a sample with an intent comment, then generates there. No key, no network.
 */
import * as vscode from 'vscode';
import { ClientCommands } from '../../../server/src/protocol';
import { writeSetting } from '../config';
import type { Ctx } from '../ctx';

export const DEMO_SAMPLE = `// WeaverGen recorded demo: the answer below comes from a recording, not a live model.
// Put the cursor on a \`// weaver:\` comment and run "WeaverGen: Generate".

// weaver: return the n-th Fibonacci number iteratively
export function fibonacci(n: number): number {
}
`;

export function runDemo(ctx: Ctx) {
  return async (): Promise<void> => {
    await writeSetting('replayDemo', 'always');
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: DEMO_SAMPLE });
    const editor = await vscode.window.showTextDocument(document);
    const line = DEMO_SAMPLE.split('\n').findIndex((l) => l.startsWith('// weaver:'));
    const pos = new vscode.Position(line, 3);
    editor.selection = new vscode.Selection(pos, pos);
    ctx.log.info('recorded demo: replayDemo set to "always" for this workspace');
    await vscode.commands.executeCommand(ClientCommands.generate);
  };
}
