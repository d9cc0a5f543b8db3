/** `weavergen/providers` and `weavergen/reanchor`: small request handlers. */
import { ListProvidersRequest, ReanchorRequest } from '../protocol';
import { reanchor } from '../edits/anchor';
import type { Feature, ServerContext } from './feature';
import { reanchorParams } from '../protocol/paramSchemas';
import { checkParams, isResponseError } from './params';

export function providersFeature(ctx: ServerContext): Feature {
  ctx.connection.onRequest(ListProvidersRequest, async () => (await ctx.providers.current()).infos);
  return { capabilities: () => ({}) };
}

export function reanchorFeature(ctx: ServerContext): Feature {
  ctx.connection.onRequest(ReanchorRequest, (raw) => {
    const params = checkParams(reanchorParams, raw);
    if (isResponseError(params)) return params;
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!doc) return { ok: false, reason: `The document ${params.textDocument.uri} is not open.` };
    return reanchor(doc.getText(), doc.version, params.result);
  });
  return { capabilities: () => ({}) };
}
