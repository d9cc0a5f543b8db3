/**
 * Optional export to a team's tracing backend (OpenTelemetry Collector, Jaeger, Tempo)
 * over OTLP/HTTP with JSON bodies. Off unless `weavergen.telemetry.otlpEndpoint` is set.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** `http://host:4318` → `http://host:4318/v1/traces`; a URL already ending in /v1/traces is kept. */
export function tracesUrl(endpoint: string): string {
  const base = endpoint.trim().replace(/\/+$/, '');
  return /\/v1\/traces$/.test(base) ? base : `${base}/v1/traces`;
}

export function otlpProcessor(endpoint: string, headers: Record<string, string>): SpanProcessor {
  const exporter = new OTLPTraceExporter({ url: tracesUrl(endpoint), headers: { ...headers }, timeoutMillis: 10_000 });
  return new BatchSpanProcessor(exporter, { scheduledDelayMillis: 2000, maxQueueSize: 2048, maxExportBatchSize: 512 });
}
