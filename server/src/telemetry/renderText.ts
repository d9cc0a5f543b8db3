/**
 * The text of the read-only `weavergen-trace` document: a header line, then one line per
 * span as an indented tree (children by start time), each followed by its events.
 *
 *   trace <traceId>  <ISO start>  <n> spans
 *   <indent><name>  <duration> ms  <STATUS>[  key=value …]
 *   <indent>  * <event name>  +<offset> ms[  key=value …]
 *
 * indent = two spaces per depth; STATUS ∈ OK | ERROR | UNSET | CANCELLED; duration is one
 * decimal below 10 ms, else whole ms; attributes sorted by key, strings JSON-quoted,
 * numbers and booleans bare, arrays as JSON; an error's message is `status.message="…"`.
 * Fields are separated by exactly two spaces. Stable: the TextMate grammar relies on it.
 */
import type { SerializedSpan, SpanAttributeValue } from '../protocol/traces';
import { byStart, isCancelledSpan } from './summary';

export function renderTrace(traceId: string, spans: readonly SerializedSpan[]): string {
  const sorted = [...spans].sort(byStart);
  const ids = new Set(sorted.map((s) => s.spanId));
  const children = new Map<string, SerializedSpan[]>();
  const roots: SerializedSpan[] = [];
  for (const s of sorted) {
    if (s.parentSpanId && ids.has(s.parentSpanId)) {
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    } else {
      roots.push(s);
    }
  }
  const start = sorted.length ? new Date(sorted[0].start).toISOString() : '-';
  const lines = [`trace ${traceId}  ${start}  ${sorted.length} ${sorted.length === 1 ? 'span' : 'spans'}`];
  const visit = (s: SerializedSpan, depth: number) => {
    const indent = '  '.repeat(depth);
    lines.push(`${indent}${spanLine(s)}`);
    for (const e of s.events) {
      const attrs = formatAttributes(e.attributes ?? {});
      lines.push(`${indent}  * ${e.name}  +${formatMs(Math.max(0, e.time - s.start))} ms${attrs ? `  ${attrs}` : ''}`);
    }
    for (const c of children.get(s.spanId) ?? []) visit(c, depth + 1);
  };
  for (const r of roots) visit(r, 0);
  return `${lines.join('\n')}\n`;
}

export function spanLine(s: SerializedSpan): string {
  const attrs: Record<string, SpanAttributeValue> = { ...s.attributes };
  if (s.status.message) attrs['status.message'] = s.status.message;
  const text = formatAttributes(attrs);
  return `${s.name}  ${formatMs(s.durationMs)} ms  ${statusWord(s)}${text ? `  ${text}` : ''}`;
}

export function statusWord(s: SerializedSpan): 'OK' | 'ERROR' | 'UNSET' | 'CANCELLED' {
  if (isCancelledSpan(s)) return 'CANCELLED';
  return s.status.code === 'ok' ? 'OK' : s.status.code === 'error' ? 'ERROR' : 'UNSET';
}

export function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

export function formatAttributes(attrs: Record<string, SpanAttributeValue>): string {
  return Object.keys(attrs).sort().map((k) => `${k}=${formatValue(attrs[k])}`).join(' ');
}

function formatValue(v: SpanAttributeValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}
