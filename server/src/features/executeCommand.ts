/**
 * `weavergen.server.generateAt`: generate at a site, re-anchor if the document moved on,
 * then apply the edit through `workspace/applyEdit` as a versioned TextDocumentEdit.
 * Failures are shown to the user; cancellation is a normal result.
 */
import { TextDocumentEdit, type WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { ServerCommands, type GenerateAtResult, type GenerateResult } from '../protocol';
import { reanchor } from '../edits/anchor';
import { withAbortSignal } from '../util/cancellation';
import { asWeaverError, WeaverError } from '../util/errors';
import { snapshot } from './documents';
import { showMessage } from './messages';
import type { Feature, ServerContext } from './feature';
import type { RegionService } from '../regions/service';
import type { Pregenerator } from '../pregen/engine';
import { TestGenCommands } from '../protocol/testgen';
import { generateTestsCommand } from '../testgen/command';
import { generateAtArgs } from '../protocol/paramSchemas';
import { commandArgument } from './params';

export function executeCommandFeature(ctx: ServerContext, regions?: RegionService, pregen?: Pregenerator): Feature {
  ctx.connection.onExecuteCommand(async (params, token) => {
    if (params.command === TestGenCommands.generateTests) return generateTestsCommand(ctx, params, token, pregen?.tests);
    if (params.command !== ServerCommands.generateAt) {
      return failed(ctx, new WeaverError('invalid_params', `Unknown command ${params.command}.`));
    }
    const progress = await startProgress(ctx);
    try {
      const args = commandArgument(generateAtArgs, params, 'generateAt');
      const doc = snapshot(ctx.documents, args.uri);
      const result = await withAbortSignal([token, progress?.token], (signal) =>
        (pregen ?? ctx.service).generate(doc, { textDocument: { uri: args.uri }, position: args.position, range: args.range, intent: args.intent }, signal));
      return await applyResult(ctx, result, regions);
    } catch (e) {
      return failed(ctx, e);
    } finally {
      progress?.done();
    }
  });
  return { capabilities: () => ({ executeCommandProvider: { commands: [ServerCommands.generateAt, TestGenCommands.generateTests] } }) };
}

async function startProgress(ctx: ServerContext): Promise<WorkDoneProgressServerReporter | undefined> {
  if (!ctx.client().window?.workDoneProgress) return undefined;
  const names = (await ctx.providers.current()).providers.map((p) => p.id).join(', ') || 'no provider';
  const progress = await ctx.connection.window.createWorkDoneProgress();
  progress.begin('WeaverGen', undefined, `WeaverGen: generating with ${names}…`, true);
  return progress;
}

async function applyResult(ctx: ServerContext, result: GenerateResult, regions?: RegionService): Promise<GenerateAtResult> {
  const current = ctx.documents.get(result.edit.textDocument.uri);
  if (!current) return refuse(ctx, 'The document was closed before the generated code arrived.');
  const anchored = reanchor(current.getText(), current.version, result);
  if (!anchored.ok) return refuse(ctx, anchored.reason);
  const { textDocument, edits } = anchored.edit;
  const response = await ctx.connection.workspace.applyEdit({
    label: 'WeaverGen: generate',
    edit: { documentChanges: [TextDocumentEdit.create(textDocument, edits)] },
  });
  if (!response.applied) return refuse(ctx, `The editor did not apply the edit${response.failureReason ? `: ${response.failureReason}` : ''}.`);
  regions?.applied(textDocument.uri, textDocument.version + 1, edits, result, ctx.documents.get(textDocument.uri));
  const p = result.provider;
  const what = result.site.symbol ? ` ${result.site.symbol}` : '';
  showMessage(ctx.connection, 'info',
    `WeaverGen: generated${what} with ${p.id} (${p.model})${result.recorded ? ' (recorded)' : ''}${result.fromCache ? ' (pre-generated)' : ''}.`);
  return { applied: true, providerId: p.id, recorded: result.recorded };
}

function refuse(ctx: ServerContext, reason: string): GenerateAtResult {
  showMessage(ctx.connection, 'warning', `WeaverGen: nothing applied. ${reason}`);
  return { applied: false, reason, code: 'stale_version' };
}

function failed(ctx: ServerContext, e: unknown): GenerateAtResult {
  const w = asWeaverError(e);
  if (w.code !== 'cancelled') showMessage(ctx.connection, 'error', `WeaverGen: ${w.message}`);
  return { applied: false, reason: w.code === 'cancelled' ? 'cancelled' : w.message, code: w.code };
}
