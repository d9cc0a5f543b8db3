/** The `weavergen/pregenMetrics` answer: cache metrics + scheduler status + inline counters. Pure. */
import type { CacheMetricsSnapshot } from '../cache';
import type { MainThreadBlocking, PregenMetrics } from '../protocol';
import type { SchedulerStatus } from '../scheduler';

export interface InlineCounts { shown: number; misses: number; belowThreshold: number }

export function buildMetrics(
  c: CacheMetricsSnapshot, s: SchedulerStatus, inline: InlineCounts, enabled: boolean, mainThread?: MainThreadBlocking,
  backgroundThread?: PregenMetrics['backgroundThread'],
): PregenMetrics {
  return {
    enabled,
    hits: c.hits, misses: c.misses, hitRate: c.hitRate,
    hitLatencyMs: c.hitLatencyMs, missLatencyMs: c.missLatencyMs,
    wasteRatio: c.wasteRatio, tokensSpent: c.tokensSpent, wastedTokens: c.wastedTokens,
    cacheBytes: c.sizeBytes, cacheEntries: c.entries,
    running: s.running.length, queued: s.queued, foreground: s.foreground,
    budget: s.budget, jobs: s.counts,
    ...(s.lastSkip ? { lastSkip: `${s.lastSkip.reason}: ${s.lastSkip.detail}` } : {}),
    inline: { ...inline },
    ...(mainThread ? { mainThread } : {}),
    ...(backgroundThread ? { backgroundThread } : {}),
  };
}

/** One line for a status bar tooltip / log. */
export function describeMetrics(m: PregenMetrics): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return `hit rate ${pct(m.hitRate)} (${m.hits}/${m.hits + m.misses}), hit p50 ${m.hitLatencyMs.p50.toFixed(1)} ms, ` +
    `waste ${pct(m.wasteRatio)} of ${m.tokensSpent} tokens, cache ${m.cacheEntries} entries / ${m.cacheBytes} bytes, ` +
    `${m.running} running, ${m.queued} queued`;
}
