/**
 * SnippetCache: generated results keyed on a site's local context (see contextKey.ts),
 * bounded by bytes, with a TTL, on lru-cache. `get` counts hits and misses and marks
 * background entries as served (so their tokens stop counting as waste). Created by its
 * owner, never at import time. Time comes from an injected clock.
 */
import { LRUCache } from 'lru-cache';
import type { GenerateResult } from '../protocol';
import { uriOfKey } from './contextKey';
import { CacheMetrics, type CacheMetricsSnapshot } from './metrics';

export type Origin = 'foreground' | 'background';

export interface CacheEntry<R = GenerateResult> {
  /** The full result as generated (code, site, providers, quality, traceId...). */
  result: R;
  /** Tokens spent producing it. */
  tokens: number;
  origin: Origin;
  /** Clock time when stored. */
  createdAt: number;
  /** How many times it was served by `get`. */
  served: number;
}

export interface SnippetCacheOptions {
  /** Byte bound over keys + JSON payloads (default 16 MiB). */
  maxBytes?: number;
  /** Time to live (default 30 min). */
  ttlMs?: number;
  /** Clock in ms (default Date.now). */
  now?: () => number;
  metrics?: CacheMetrics;
}

export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
export const DEFAULT_TTL_MS = 30 * 60 * 1000;

export class SnippetCache<R extends object = GenerateResult> {
  readonly metrics: CacheMetrics;
  readonly maxBytes: number;
  readonly ttlMs: number;
  private readonly now: () => number;
  private readonly lru: LRUCache<string, CacheEntry<R>>;

  constructor(opts: SnippetCacheOptions = {}) {
    this.maxBytes = Math.max(1, Math.floor(opts.maxBytes ?? DEFAULT_MAX_BYTES));
    this.ttlMs = Math.max(1, Math.floor(opts.ttlMs ?? DEFAULT_TTL_MS));
    this.now = opts.now ?? Date.now;
    this.metrics = opts.metrics ?? new CacheMetrics();
    this.lru = new LRUCache<string, CacheEntry<R>>({
      maxSize: this.maxBytes,
      maxEntrySize: this.maxBytes,
      sizeCalculation: (value, key) => entryBytes(key, value),
      ttl: this.ttlMs,
      ttlAutopurge: false,
      ttlResolution: 0,
      allowStale: false,
      updateAgeOnGet: false,
      perf: { now: () => this.now() },
    });
  }

  /** A lookup on the request path: counts a hit or a miss. */
  get(key: string): CacheEntry<R> | undefined {
    const entry = this.lru.get(key);
    this.metrics.recordLookup(entry !== undefined);
    if (!entry) return undefined;
    if (entry.origin === 'background' && entry.served === 0) this.metrics.recordServed(entry.tokens);
    entry.served++;
    return entry;
  }

  /** Looks without counting (prediction asking "is this already pre-generated?"). */
  has(key: string): boolean {
    return this.lru.has(key);
  }

  /**
   * Stores a result and records its tokens as spent (pass `recordSpend: false` when the
   * spend was already recorded). Returns false when the entry alone exceeds the bound.
   */
  set(key: string, value: { result: R; tokens: number; origin: Origin }, opts: { recordSpend?: boolean } = {}): boolean {
    if (opts.recordSpend !== false) this.metrics.recordSpend(value.tokens, value.origin);
    return this.store(key, { ...value, createdAt: this.now(), served: 0 }, this.ttlMs);
  }

  delete(key: string): boolean {
    return this.lru.delete(key);
  }

  /** Drops every entry of a document (closed, or renamed). */
  deleteUri(uri: string): number {
    let n = 0;
    for (const key of [...this.lru.keys()]) if (uriOfKey(key) === uri && this.lru.delete(key)) n++;
    return n;
  }

  clear(): void {
    this.lru.clear();
  }

  /** Drops expired entries now (no timers run in the background). */
  purgeExpired(): boolean {
    return this.lru.purgeStale();
  }

  get size(): { sizeBytes: number; entries: number } {
    return { sizeBytes: this.lru.calculatedSize, entries: this.lru.size };
  }

  metricsSnapshot(): CacheMetricsSnapshot {
    return this.metrics.snapshot(this.size);
  }

  /** Live entries, least recently used first, with their keys (for persistence). */
  liveEntries(): { key: string; entry: CacheEntry<R> }[] {
    const out: { key: string; entry: CacheEntry<R> }[] = [];
    for (const key of this.lru.rkeys()) {
      const entry = this.lru.peek(key);
      if (entry && this.now() - entry.createdAt < this.ttlMs) out.push({ key, entry });
    }
    return out;
  }

  /** Restores an entry with its original creation time; false when expired or too big. */
  restore(key: string, entry: CacheEntry<R>): boolean {
    const remaining = this.ttlMs - (this.now() - entry.createdAt);
    if (!(remaining > 0)) return false;
    return this.store(key, entry, Math.ceil(remaining));
  }

  private store(key: string, entry: CacheEntry<R>, ttl: number): boolean {
    if (entryBytes(key, entry) > this.maxBytes) return false;
    this.lru.set(key, entry, { ttl });
    return this.lru.has(key);
  }
}

/** Bytes an entry accounts for: its key and its JSON form (UTF-8). */
export function entryBytes(key: string, entry: object): number {
  return Math.max(1, Buffer.byteLength(key) + Buffer.byteLength(JSON.stringify(entry)));
}
