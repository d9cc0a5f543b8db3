/** `weavergen/generate`: run the generation pipeline and return the result (nothing applied). */
import { GenerateRequest } from '../protocol';
import { generateParams } from '../protocol/paramSchemas';
import { checkParams, isResponseError } from './params';
import { withAbortSignal } from '../util/cancellation';
import { snapshot } from './documents';
import { toResponseError } from './errors';
import type { Feature, ServerContext } from './feature';
import type { Pregenerator } from '../pregen/engine';
import { markStage } from '../util/mainThreadStage';

/** With `pregen`, answers from the snippet cache when the site's key matches; misses pre-empt background work. */
export function generateRequestFeature(ctx: ServerContext, pregen?: Pregenerator): Feature {
  ctx.connection.onRequest(GenerateRequest, async (raw, token) => {
    const enteredAt = performance.now(); // pre-generation metrics measure hits and misses from here
    markStage('request.generate');
    const params = checkParams(generateParams, raw);
    if (isResponseError(params)) return params;
    try {
      const doc = snapshot(ctx.documents, params.textDocument.uri, params.textDocument.version);
      return await withAbortSignal(token, (signal) => pregen ? pregen.generate(doc, params, signal, enteredAt) : ctx.service.generate(doc, params, signal));
    } catch (e) {
      return toResponseError(e);
    }
  });
  return { capabilities: () => ({}) };
}
