/** `weavergen/generate`: run the generation pipeline and return the result (nothing applied). */
import { GenerateRequest } from '../protocol';
import { withAbortSignal } from '../util/cancellation';
import { snapshot } from './documents';
import { toResponseError } from './errors';
import type { Feature, ServerContext } from './feature';

export function generateRequestFeature(ctx: ServerContext): Feature {
  ctx.connection.onRequest(GenerateRequest, async (params, token) => {
    try {
      const doc = snapshot(ctx.documents, params.textDocument.uri, params.textDocument.version);
      return await withAbortSignal(token, (signal) => ctx.service.generate(doc, params, signal));
    } catch (e) {
      return toResponseError(e);
    }
  });
  return { capabilities: () => ({}) };
}
