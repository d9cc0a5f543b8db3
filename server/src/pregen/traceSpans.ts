/**
 * Pre-generation in the trace. A request served from the snippet cache gets a trace of its
 * own: root `weavergen.generate` (`weavergen.cache.hit=true`, the trace id of the
 * generation that produced the entry) with one `weavergen.cache.lookup` child. A miss is
 * recorded as the first `weavergen.cache.lookup` child of the generation that follows.
 * Each background job is one trace: root `weavergen.pregen.job`, the job's generation
 * nested under it. Counts, outcomes and sizes only; never code.
 */
import type { FoundSite } from '../context/siteFinder';
import type { GenerateResult } from '../protocol';
import { isCancellation, SPAN, WG, type Attrs, type Telemetry, type TraceSpan } from '../telemetry';

/** The kind of key a lookup used: the site's local context (see cache/contextKey.ts). */
const KEY_KIND = 'local-context';

export function lookupAttributes(found: FoundSite, served: GenerateResult | undefined, ms: number, cacheBytes: number): Attrs {
  return {
    [WG.cacheHit]: served !== undefined,
    [WG.siteKind]: found.site.kind,
    [WG.cacheKeyKind]: KEY_KIND,
    [WG.cacheBytes]: served ? Buffer.byteLength(served.code) : 0,
    'weavergen.cache.size_bytes': cacheBytes,
    [WG.cacheLookupMs]: Math.round(ms * 1000) / 1000,
  };
}

/**
 * Records a cache hit as a trace of its own in idle time, after the response has gone out:
 * the spans carry the request's real start and end times, but creating them is off the hit's path.
 */
export function traceCacheHit(telemetry: Telemetry, uri: string, lookup: Attrs, served: GenerateResult, startedAt: number, endedAt: number): void {
  telemetry.later(() => {
    const root = telemetry.startSpan(SPAN.generate, {
      [WG.fileUri]: uri, [WG.cacheHit]: true, [WG.siteKind]: served.site.kind, [WG.providerId]: served.provider.id,
      [WG.qualityScore]: served.quality?.score, [WG.cacheSourceTrace]: served.traceId,
    }, { parent: null, startTime: startedAt });
    telemetry.startSpan(SPAN.cacheLookup, lookup, { parent: root, startTime: startedAt }).ok().end(endedAt);
    root.ok().end(endedAt);
  });
}

export type JobOutcome = 'stored' | 'cancelled' | 'failed';

/** Runs a background job inside its own `weavergen.pregen.job` trace. */
export function traceJob<T>(
  telemetry: Telemetry | undefined, attrs: Attrs, signal: AbortSignal,
  run: (parent: TraceSpan | undefined, outcome: (o: JobOutcome, tokens?: number, qualityScore?: number) => void) => Promise<T>,
): Promise<T> {
  if (!telemetry) return run(undefined, () => undefined);
  return telemetry.withSpan(SPAN.pregenJob, attrs, async (span) => {
    let recorded = false;
    const outcome = (o: JobOutcome, tokens?: number, qualityScore?: number) => {
      recorded = true;
      span.set({ [WG.pregenOutcome]: o, [WG.pregenTokens]: tokens, [WG.qualityScore]: qualityScore });
    };
    try {
      return await run(span, outcome);
    } catch (e) {
      if (!recorded) outcome(isCancellation(e, signal) ? 'cancelled' : 'failed');
      throw e;
    }
  }, { parent: null, signal });
}
