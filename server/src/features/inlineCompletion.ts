/**
 * `weavergen/inlineCompletion`: ghost text served ONLY from the snippet cache. Never starts
 * a model call on the keystroke path: a miss answers [] (and may queue background work);
 * a hit is offered only when its quality reaches `weavergen.pregeneration.inlineMinQuality`,
 * for the document version asked about (a stale request gets nothing).
 */
import { InlineCompletionRequest } from '../protocol';
import type { Pregenerator } from '../pregen/engine';
import type { Feature, ServerContext } from './feature';
import { inlineCompletionParams } from '../protocol/paramSchemas';
import { checkParams, isResponseError } from './params';
import { timedStage } from '../util/mainThreadStage';

export function inlineCompletionFeature(ctx: ServerContext, engine: Pregenerator): Feature {
  ctx.connection.onRequest(InlineCompletionRequest, (raw) => {
    const params = checkParams(inlineCompletionParams, raw);
    if (isResponseError(params)) return params;
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!doc || doc.version !== params.textDocument.version) return { items: [] };
    return { items: timedStage('request.inline', () => engine.inline(doc, params.position)) };
  });
  return { capabilities: () => ({}) };
}
