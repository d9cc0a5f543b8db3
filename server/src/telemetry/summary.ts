/** One trace's line in the recent-traces list, from its spans. */
import type { SerializedSpan, TraceSummary } from '../protocol/traces';
import { WG } from './attributes';

/** The root span: the one without a parent, else the one whose parent is missing, else the earliest. */
export function rootOf(spans: readonly SerializedSpan[]): SerializedSpan | undefined {
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.find((s) => !s.parentSpanId) ?? spans.find((s) => !ids.has(s.parentSpanId!)) ?? spans[0];
}

/** By start time; on a tie the longer (enclosing) span first, so parents precede children. */
export function byStart(a: SerializedSpan, b: SerializedSpan): number {
  return a.start - b.start || b.durationMs - a.durationMs;
}

export function isCancelledSpan(s: SerializedSpan): boolean {
  return s.status.code !== 'error' && s.attributes[WG.cancelled] === true;
}

export function summarize(traceId: string, spans: readonly SerializedSpan[]): TraceSummary | undefined {
  const root = rootOf(spans);
  if (!root) return undefined;
  const start = Math.min(...spans.map((s) => s.start));
  const out: TraceSummary = {
    traceId,
    name: root.name,
    start,
    durationMs: root.parentSpanId ? Math.max(...spans.map((s) => s.end)) - start : root.durationMs,
    status: isCancelledSpan(root) ? 'cancelled' : root.status.code,
    spanCount: spans.length,
  };
  const uri = root.attributes[WG.fileUri];
  if (typeof uri === 'string') out.uri = uri;
  const score = root.attributes[WG.qualityScore];
  if (typeof score === 'number') out.qualityScore = score;
  return out;
}
