/**
 * Reading the snippet cache without counting: code actions and inline completions look at
 * the cache on every cursor move, which is not a generation request. `peek` reads an entry
 * with the cache's lookup/served accounting muted, so the hit rate and the waste ratio
 * stay about generation requests and results actually used.
 */
import { CacheMetrics, SnippetCache, type CacheEntry, type SnippetCacheOptions } from '../cache';
import type { GenerateResult } from '../protocol';

/** CacheMetrics whose lookup/served accounting can be switched off for one read. */
export class MutableCacheMetrics extends CacheMetrics {
  muted = false;
  /** Lookups alone not counted (the entry is still marked served). */
  lookupMuted = false;
  override recordLookup(hit: boolean): void {
    if (!this.muted && !this.lookupMuted) super.recordLookup(hit);
  }
  override recordServed(tokens: number): void {
    if (!this.muted) super.recordServed(tokens);
  }
}

export class PregenCache {
  readonly cache: SnippetCache<GenerateResult>;

  constructor(opts: Omit<SnippetCacheOptions, 'metrics'>, readonly metrics = new MutableCacheMetrics()) {
    this.cache = new SnippetCache<GenerateResult>({ ...opts, metrics });
  }

  /** A cache with other bounds holding the same live entries and the same metrics. */
  resized(opts: Omit<SnippetCacheOptions, 'metrics'>): PregenCache {
    const next = new PregenCache(opts, this.metrics);
    for (const { key, entry } of this.cache.liveEntries()) next.cache.restore(key, entry);
    return next;
  }

  /** The entry, marked served (its tokens are not waste) but not counted as a lookup: the request's own lookup was. */
  serve(key: string): CacheEntry<GenerateResult> | undefined {
    this.metrics.lookupMuted = true;
    try {
      return this.cache.get(key);
    } finally {
      this.metrics.lookupMuted = false;
    }
  }

  /** The entry, not counted as a lookup and not marked as served. */
  peek(key: string): CacheEntry<GenerateResult> | undefined {
    if (!this.cache.has(key)) return undefined;
    this.metrics.muted = true;
    try {
      const e = this.cache.get(key);
      if (e) e.served--;
      return e;
    } finally {
      this.metrics.muted = false;
    }
  }
}
