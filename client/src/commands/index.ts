/** The command table: id → factory `(ctx) => handler`. Registered once in activate(). */
import * as vscode from 'vscode';
import { ClientCommands } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { showConsensusDiff, swapAlternative } from './consensus';
import { runDemo } from './demo';
import { generate } from './generate';
import { setApiKey } from './keys';
import { setOtlpHeaders } from './otlpHeaders';
import { selectProviders } from './providers';
import { restartServer, showOutput } from './server';
import { EVIDENCE_COMMANDS } from './evidence';
import { LEARNING_COMMANDS, trackGenerate, trackSwap } from './learning';
import { TESTGEN_COMMANDS } from './tests';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a command handler takes the editor's untyped arguments; any[] is the one parameter list every typed handler is assignable to
type Factory = (ctx: Ctx) => (...args: any[]) => unknown;

export const COMMANDS: Record<(typeof ClientCommands)[keyof typeof ClientCommands], Factory> = {
  [ClientCommands.generate]: trackGenerate(generate),
  [ClientCommands.setApiKey]: setApiKey,
  [ClientCommands.setOtlpHeaders]: setOtlpHeaders,
  [ClientCommands.selectProviders]: selectProviders,
  [ClientCommands.showOutput]: showOutput,
  [ClientCommands.runDemo]: runDemo,
  [ClientCommands.restartServer]: restartServer,
  [ClientCommands.showConsensusDiff]: showConsensusDiff,
  [ClientCommands.swapAlternative]: trackSwap(swapAlternative),
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, factory] of Object.entries({ ...COMMANDS, ...EVIDENCE_COMMANDS, ...LEARNING_COMMANDS, ...TESTGEN_COMMANDS })) {
    ctx.track(vscode.commands.registerCommand(id, factory(ctx)));
  }
}
