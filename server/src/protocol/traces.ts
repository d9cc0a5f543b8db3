/**
 * Trace evidence over LSP: fetch one trace by id, list recent traces. Every generation
 * result carries `GenerateResult.traceId`; these requests turn it into spans and text.
 * Re-exported from protocol/index.ts. No runtime dependency on the server.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { WeaverErrorData } from './index';

export type SpanStatusCode = 'unset' | 'ok' | 'error';
export type SerializedSpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type SpanAttributeValue = string | number | boolean | string[] | number[] | boolean[];

/** One finished span, as stored, persisted (JSON lines) and returned to the client. */
export interface SerializedSpan {
  traceId: string;
  spanId: string;
  /** Absent on a trace's root span. */
  parentSpanId?: string;
  name: string;
  kind: SerializedSpanKind;
  /** ms since the Unix epoch (fractional). */
  start: number;
  end: number;
  durationMs: number;
  status: { code: SpanStatusCode; message?: string };
  attributes: Record<string, SpanAttributeValue>;
  /** `time` in ms since the Unix epoch. */
  events: { name: string; time: number; attributes?: Record<string, SpanAttributeValue> }[];
}

export interface TraceParams {
  traceId: string;
}

export interface TraceResult {
  traceId: string;
  /** Sorted by start time. Spans still running are not included. */
  spans: SerializedSpan[];
  /** Indented tree rendering (the read-only `weavergen-trace` document); format in docs/telemetry.md. */
  text: string;
}

export interface TracesParams {
  /** Only traces whose root span names this document (`weavergen.file.uri`). */
  uri?: string;
  /** Most recent first; default 50. */
  limit?: number;
}

/** One line of the recent-traces list. */
export interface TraceSummary {
  traceId: string;
  /** Name of the root span (or of the earliest span when the root has not ended). */
  name: string;
  start: number;
  durationMs: number;
  status: SpanStatusCode | 'cancelled';
  /** The document the generation was for, when known. */
  uri?: string;
  /** `weavergen.quality.score` of the root span, when scored. */
  qualityScore?: number;
  spanCount: number;
}

/** Language id and URI scheme of the read-only trace document shown by the client. */
export const TRACE_LANGUAGE_ID = 'weavergen-trace';
export const TRACE_URI_SCHEME = 'weavergen-trace';

export const TraceRequest = new RequestType<TraceParams, TraceResult | null, WeaverErrorData>('weavergen/trace');
export const TracesRequest = new RequestType<TracesParams | undefined, TraceSummary[], WeaverErrorData>('weavergen/traces');
