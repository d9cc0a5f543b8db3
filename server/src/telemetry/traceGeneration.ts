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
import { GEN_AI, SPAN, WG, genAiProviderName } from './attributes';

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
    const evaluation = evaluationAttributes(result);
    if (evaluation) span.event(GEN_AI.evaluationEvent, evaluation);
    span.content(WG.intent, result.site.intent).content(WG.symbol, result.site.symbol).content(WG.code, result.code);
    const traceId = traceIdOf(span);
    return traceId ? { ...result, traceId } : result;
  }, { parent, signal });
}

/**
 * The quality score as a GenAI `gen_ai.evaluation.result` event (on the generation's root
 * span), with the chosen model and provider so tools can chart it per model. Undefined
 * without a score. Content-free.
 */
export function evaluationAttributes(r: GenerateResult): Attrs | undefined {
  const score = r.quality?.score;
  if (score === undefined || !Number.isFinite(score)) return undefined;
  return {
    [GEN_AI.evaluationName]: 'weavergen.quality',
    [GEN_AI.evaluationScoreValue]: score,
    [GEN_AI.evaluationScoreLabel]: score >= 70 ? 'high' : score >= 40 ? 'medium' : 'low',
    [GEN_AI.requestModel]: r.provider.model,
    [GEN_AI.providerName]: genAiProviderName(r.provider.kind),
    [WG.providerId]: r.provider.id,
  };
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
