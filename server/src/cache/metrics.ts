/**
 * Cache metrics: hit rate, latency of hits and misses (p50/p95 over a bounded window of
 * samples), waste (tokens spent on pre-generations never served / all tokens spent) and
 * the cache size. A plain recorder: the cache counts hits/misses and spending; the
 * request path records latencies, measured where the request is answered.
 */

export interface LatencySummary { count: number; p50: number; p95: number }

export interface CacheMetricsSnapshot {
  hits: number;
  misses: number;
  /** hits / (hits + misses); 0 before any lookup. */
  hitRate: number;
  hitLatencyMs: LatencySummary;
  missLatencyMs: LatencySummary;
  /** Every token spent generating (foreground and background). */
  tokensSpent: number;
  /** Tokens of background pre-generations that were never served (so far). */
  wastedTokens: number;
  /** wastedTokens / tokensSpent; 0 when nothing was spent. */
  wasteRatio: number;
  sizeBytes: number;
  entries: number;
}

const MAX_SAMPLES = 1000;

export class CacheMetrics {
  private hits = 0;
  private misses = 0;
  private readonly hitSamples: number[] = [];
  private readonly missSamples: number[] = [];
  private spent = 0;
  private backgroundSpent = 0;
  private backgroundServed = 0;

  recordLookup(hit: boolean): void {
    if (hit) this.hits++; else this.misses++;
  }

  /** Latency of one request answered from the cache (hit) or by generating (miss). */
  recordLatency(kind: 'hit' | 'miss', ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const samples = kind === 'hit' ? this.hitSamples : this.missSamples;
    samples.push(ms);
    if (samples.length > MAX_SAMPLES) samples.shift();
  }

  /** Tokens spent on one generation, whether or not it was stored. */
  recordSpend(tokens: number, origin: 'foreground' | 'background'): void {
    const t = Math.max(0, tokens || 0);
    this.spent += t;
    if (origin === 'background') this.backgroundSpent += t;
  }

  /** A background pre-generation was served for the first time: its tokens are not waste. */
  recordServed(tokens: number): void {
    this.backgroundServed += Math.max(0, tokens || 0);
  }

  snapshot(size: { sizeBytes: number; entries: number } = { sizeBytes: 0, entries: 0 }): CacheMetricsSnapshot {
    const lookups = this.hits + this.misses;
    const wasted = Math.max(0, this.backgroundSpent - this.backgroundServed);
    return {
      hits: this.hits,
      misses: this.misses,
      hitRate: lookups ? this.hits / lookups : 0,
      hitLatencyMs: summarize(this.hitSamples),
      missLatencyMs: summarize(this.missSamples),
      tokensSpent: this.spent,
      wastedTokens: wasted,
      wasteRatio: this.spent ? wasted / this.spent : 0,
      sizeBytes: size.sizeBytes,
      entries: size.entries,
    };
  }
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; 0 when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

function summarize(samples: readonly number[]): LatencySummary {
  return { count: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95) };
}
