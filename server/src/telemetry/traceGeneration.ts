/**
 * The root span of a generation (`weavergen.generate`) and the attributes it carries from
 * the result. GenerationService wraps its whole body in `traceGeneration`; the stages it
 * calls may open child spans through the TraceContext (or `Telemetry.withSpan`, which
 * finds the current span by itself).
 */
import type { GenerateResult } from '../protocol';
import type { Attrs } from './redact';
import type { TraceSpan } from './span';
import type { SpanOptions, Telemetry } from './telemetry';
import { traceIdOf } from './telemetry';
import { SPAN, WG } from './attributes';

/** What a pipeline stage gets to record evidence in the current generation's trace. */
export interface TraceContext {
  readonly span: TraceSpan;
  /** Run `fn` in a child span of the generation. */
  withSpan<T>(name: string, attrs: Attrs | undefined, fn: (span: TraceSpan) => Promise<T>, opts?: Omit<SpanOptions, 'parent'>): Promise<T>;
}

export function traceGeneration(
  telemetry: Telemetry,
  uri: string,
  signal: AbortSignal,
  run: (trace: TraceContext) => Promise<GenerateResult>,
  /** The span this generation belongs to (a background pre-generation job); default: a trace of its own. */
  parent: TraceSpan | null = null,
): Promise<GenerateResult> {
  return telemetry.withSpan(SPAN.generate, { [WG.fileUri]: uri }, async (span) => {
    const trace: TraceContext = {
      span,
      withSpan: (name, attrs, fn, opts) => telemetry.withSpan(name, attrs, fn, { ...opts, parent: span }),
    };
    const result = await run(trace);
    span.set(generationAttributes(result));
    span.content(WG.intent, result.site.intent).content(WG.symbol, result.site.symbol).content(WG.code, result.code);
    const traceId = traceIdOf(span);
    return traceId ? { ...result, traceId } : result;
  }, { parent, signal });
}

/** Content-free attributes of a finished generation. */
export function generationAttributes(r: GenerateResult): Attrs {
  return {
    [WG.siteKind]: r.site.kind,
    [WG.providerId]: r.provider.id,
    [WG.providersAsked]: r.providers.length,
    [WG.providersOk]: r.providers.filter((p) => p.status === 'ok').length,
    [WG.recorded]: r.recorded,
    [WG.contextMs]: r.timings.contextMs,
    [WG.generationMs]: r.timings.generationMs,
    [WG.qualityScore]: r.quality?.score,
    [WG.cacheHit]: r.fromCache,
  };
}
