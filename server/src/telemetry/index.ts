/** The telemetry layer: the rest of the server imports from here only. */
export { Telemetry, traceIdOf, type SpanOptions, type TelemetryOptions } from './telemetry';
export { TraceSpan, isCancellation } from './span';
export { traceGeneration, type TraceContext } from './traceGeneration';
export { instrumentProvider, instrumentResolver, uninstrumented } from './instrumentProvider';
export type { ForwardedSpan } from './storeProcessor';
export { getTrace, listTraces } from './queries';
export { renderTrace } from './renderText';
export { GEN_AI, WG, SPAN, OTEL } from './attributes';
export type { Attrs } from './redact';
