/** A finished OpenTelemetry span as the plain JSON the store keeps and the client reads. */
import { SpanKind, SpanStatusCode, type Attributes, type HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { SerializedSpan, SerializedSpanKind, SpanAttributeValue, SpanStatusCode as StatusName } from '../protocol/traces';

const KINDS: Record<SpanKind, SerializedSpanKind> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};
const STATUS: Record<SpanStatusCode, StatusName> = {
  [SpanStatusCode.UNSET]: 'unset',
  [SpanStatusCode.OK]: 'ok',
  [SpanStatusCode.ERROR]: 'error',
};

export const hrToMs = (t: HrTime): number => t[0] * 1e3 + t[1] / 1e6;

export function serializeSpan(span: ReadableSpan): SerializedSpan {
  const ctx = span.spanContext();
  const start = hrToMs(span.startTime);
  const out: SerializedSpan = {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    name: span.name,
    kind: KINDS[span.kind] ?? 'internal',
    start,
    end: hrToMs(span.endTime),
    durationMs: round3(hrToMs(span.duration)),
    status: { code: STATUS[span.status.code] ?? 'unset' },
    attributes: plain(span.attributes),
    events: span.events.map((e) => ({ name: e.name, time: hrToMs(e.time), ...(e.attributes ? { attributes: plain(e.attributes) } : {}) })),
  };
  if (span.parentSpanContext?.spanId) out.parentSpanId = span.parentSpanContext.spanId;
  if (span.status.message) out.status.message = span.status.message;
  return out;
}

function plain(attrs: Attributes): Record<string, SpanAttributeValue> {
  const out: Record<string, SpanAttributeValue> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    out[k] = Array.isArray(v) ? (v.filter((x) => x !== null && x !== undefined) as SpanAttributeValue) : v;
  }
  return out;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** A parsed JSON line if it has the shape of a SerializedSpan (persisted files may be damaged). */
export function parseSpanLine(line: string): SerializedSpan | undefined {
  if (!line.trim()) return undefined;
  try {
    const s = JSON.parse(line) as Partial<SerializedSpan>;
    if (typeof s.traceId !== 'string' || typeof s.spanId !== 'string' || typeof s.name !== 'string') return undefined;
    if (typeof s.start !== 'number' || typeof s.end !== 'number' || !s.status || typeof s.attributes !== 'object') return undefined;
    return { ...s, events: Array.isArray(s.events) ? s.events : [] } as SerializedSpan;
  } catch {
    return undefined;
  }
}
