/**
 * WeaverGen: Generate Tests for Function — asks the server to write, run and apply unit
 * tests for the exported function at the cursor (`weavergen.server.generateTests`). The
 * server shows the progress, applies the test-file edit and says what passed.
 */
import * as vscode from 'vscode';
import { TestGenClientCommands, TestGenCommands, type GenerateTestsCommandArgs, type GenerateTestsResult } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { resolveTarget, type GenerateArgs } from './generate';

export function generateTests(ctx: Ctx) {
  return async (args?: GenerateArgs): Promise<GenerateTestsResult | { applied: false; reason: 'no-editor' }> => {
    const target = await resolveTarget(args);
    if (!target) {
      void ctx.messages.show('warning', 'WeaverGen: open a TypeScript or JavaScript file and put the cursor in an exported function.');
      return { applied: false, reason: 'no-editor' };
    }
    const { document, selection } = target;
    const commandArgs: GenerateTestsCommandArgs = {
      uri: document.uri.toString(), version: document.version,
      position: { line: selection.active.line, character: selection.active.character },
    };
    return vscode.commands.executeCommand<GenerateTestsResult>(TestGenCommands.generateTests, commandArgs);
  };
}

export const TESTGEN_COMMANDS = {
  [TestGenClientCommands.generateTests]: generateTests,
};
