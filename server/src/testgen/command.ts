/**
 * `weavergen.server.generateTests`: generate tests for the exported function at a position
 * in the foreground (`scheduler.runForeground`, pre-empting background work), with
 * work-done progress when the client supports it, then apply the test-file edit — rebuilt
 * for the test file's state when generation finished — through `workspace/applyEdit`.
 * Failures are shown to the user; cancellation is a normal result.
 */
import type { CancellationToken, ExecuteCommandParams } from 'vscode-languageserver';
import type { GenerateTestsResult } from '../protocol';
import { withAbortSignal } from '../util/cancellation';
import { asWeaverError, WeaverError } from '../util/errors';
import type { ServerContext } from '../features/feature';
import { showMessage } from '../features/messages';
import type { TestPregen } from './pregen';
import { generateTestsArgs } from '../protocol/paramSchemas';
import { commandArgument } from '../features/params';

export async function generateTestsCommand(
  ctx: ServerContext, params: ExecuteCommandParams, token: CancellationToken, tests: TestPregen | undefined,
): Promise<GenerateTestsResult> {
  const progress = ctx.client().window?.workDoneProgress ? await ctx.connection.window.createWorkDoneProgress() : undefined;
  progress?.begin('WeaverGen', undefined, 'WeaverGen: generating and running tests…', true);
  try {
    if (!tests) throw new WeaverError('invalid_params', 'Test generation is not available.');
    const a = commandArgument(generateTestsArgs, params, 'generateTests');
    const doc = ctx.documents.get(a.uri);
    if (!doc) throw new WeaverError('invalid_params', `The document ${a.uri} is not open in the language server.`);
    const snap = { uri: doc.uri, text: doc.getText(), version: doc.version };
    const result = await withAbortSignal([token, progress?.token], (signal) => tests.generate(snap, a.position, signal));
    const response = await ctx.connection.workspace.applyEdit({ label: `WeaverGen: tests for ${result.site.symbol}`, edit: result.edit });
    if (!response.applied) {
      const reason = `The editor did not apply the edit${response.failureReason ? `: ${response.failureReason}` : ''}.`;
      showMessage(ctx.connection, 'warning', `WeaverGen: nothing applied. ${reason}`);
      return { applied: false, reason, code: 'stale_version' };
    }
    const c = result.tests.chosen;
    showMessage(ctx.connection, 'info', `WeaverGen: tests for ${result.site.symbol} added to ${result.site.testUri.replace(/^.*\//, '')} ` +
      `(${c.testsPassed} passing, ${c.mutantsKilled}/${c.mutantsTotal} mutants killed, quality ${Math.round(result.quality.score)}).`);
    return { applied: true, testUri: result.site.testUri, ...(result.traceId ? { traceId: result.traceId } : {}) };
  } catch (e) {
    const w = asWeaverError(e);
    if (w.code !== 'cancelled') showMessage(ctx.connection, 'error', `WeaverGen: ${w.message}`);
    return { applied: false, reason: w.code === 'cancelled' ? 'cancelled' : w.message, code: w.code };
  } finally {
    progress?.done();
  }
}
