/** The answers to `weavergen/trace` and `weavergen/traces`, from the span store. */
import type { TraceResult, TracesParams, TraceSummary } from '../protocol/traces';
import type { SpanStore } from './spanStore';
import { renderTrace } from './renderText';
import { summarize } from './summary';

export const DEFAULT_TRACE_LIST_LIMIT = 50;

export function getTrace(store: SpanStore, traceId: string): TraceResult | null {
  const spans = typeof traceId === 'string' ? store.get(traceId) : undefined;
  if (!spans?.length) return null;
  return { traceId, spans, text: renderTrace(traceId, spans) };
}

export function listTraces(store: SpanStore, params: TracesParams = {}): TraceSummary[] {
  const limit = typeof params.limit === 'number' && params.limit > 0 ? Math.floor(params.limit) : DEFAULT_TRACE_LIST_LIMIT;
  const out: TraceSummary[] = [];
  for (const id of store.traceIds()) {
    const s = summarize(id, store.get(id) ?? []);
    if (s && (!params.uri || s.uri === params.uri)) out.push(s);
  }
  return out.sort((a, b) => b.start - a.start).slice(0, limit);
}
