/**
 * `weavergen/trace` and `weavergen/traces`: the span evidence behind every result, from
 * the telemetry store. Storage: `initializationOptions.storagePath` (the extension's
 * per-workspace storage), read by the composition root with `storagePathOf`.
 */
import type { InitializeParams } from 'vscode-languageserver';
import { TraceRequest, TracesRequest } from '../protocol';
import { getTrace, listTraces, type Telemetry } from '../telemetry';
import type { Feature, ServerContext } from './feature';
import { traceParams, tracesParams } from '../protocol/paramSchemas';
import { checkParams, isResponseError } from './params';

export function tracesFeature(ctx: ServerContext, telemetry: Telemetry): Feature {
  ctx.connection.onRequest(TraceRequest, (raw) => {
    const params = checkParams(traceParams, raw);
    return isResponseError(params) ? params : getTrace(telemetry.store, params.traceId);
  });
  ctx.connection.onRequest(TracesRequest, (raw) => {
    const params = checkParams(tracesParams, raw);
    return isResponseError(params) ? params : listTraces(telemetry.store, params ?? {});
  });
  return {
    capabilities: () => ({}),
    // The disk write happens synchronously, before the process may exit.
    dispose: () => void telemetry.shutdown(),
  };
}

/** The trace storage directory the client passed, if any. */
export function storagePathOf(params: InitializeParams | undefined): string | undefined {
  const p = (params?.initializationOptions as { storagePath?: unknown } | undefined)?.storagePath;
  return typeof p === 'string' && p ? p : undefined;
}
