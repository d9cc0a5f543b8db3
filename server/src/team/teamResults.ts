/**
 * Validated results shared with the team (only when `shareCode` is on). Keys are the
 * local cache key without its URI — the site's kind, local-context hash and provider-set
 * fingerprint — hashed under the team prefix (keys.ts), so a teammate at the same site in
 * the same code finds it whatever the file's path. Stores go through a bounded queue;
 * every store is announced on the team channel with its payload, and a received one is
 * kept in a bounded in-memory mirror and handed to `onAdopt` when the local engine has
 * asked for that key (so it lands in the local cache). `lookup` (a local cache miss only)
 * reads the mirror, then the server with the store's short deadline; it never throws.
 */
import { LRUCache } from 'lru-cache';
import type { GenerateResult } from '../protocol';
import type { TeamKeys } from './keys';
import { parseShared, toShared, MAX_SHARED_BYTES, type SharedResult } from './sharedResult';
import type { TeamStore } from './store';

export interface TeamResultsOptions {
  /** Lifetime of a shared result on the server, s (default 24 h). */
  ttlSeconds?: number;
  /** Only results with at least this quality score are shared (default 60). */
  minQuality?: number;
  /** Results waiting for the server; the oldest is dropped beyond this (default 200). */
  maxQueued?: number;
  /** Received results kept in memory (default 2000). */
  mirrorEntries?: number;
  /** A teammate's result for a key this engine asked for. */
  onAdopt?: (localKey: string, shared: SharedResult) => void;
}

/** Key of the local snippet cache: uri \n kind \n contextHash \n fingerprint (cache/contextKey.ts). */
export function teamResultKey(keys: TeamKeys, localKey: string): string | undefined {
  const parts = localKey.split('\n');
  if (parts.length !== 4 || !parts[1] || !parts[2]) return undefined;
  return keys.result(parts[1], parts[2], parts[3]);
}

export class TeamResults {
  private readonly mirror: LRUCache<string, SharedResult>;
  private readonly interest: LRUCache<string, string>;
  private readonly queue = new Map<string, string>();
  readonly ttlSeconds: number;
  private readonly minQuality: number;
  private readonly maxQueued: number;
  /** Queued results dropped (queue full) and received messages refused (malformed). */
  dropped = 0;
  refused = 0;
  received = 0;

  constructor(private readonly keys: TeamKeys, private readonly opts: TeamResultsOptions = {}) {
    this.ttlSeconds = opts.ttlSeconds ?? 24 * 3600;
    this.minQuality = opts.minQuality ?? 60;
    this.maxQueued = opts.maxQueued ?? 200;
    this.mirror = new LRUCache({ max: opts.mirrorEntries ?? 2000, ttl: this.ttlSeconds * 1000 });
    this.interest = new LRUCache({ max: 10_000 });
  }

  /** The engine computed this local key (prediction or request): adopt a teammate's result for it. */
  noteLocalKey(localKey: string): void {
    const k = teamResultKey(this.keys, localKey);
    if (!k) return;
    this.interest.set(k, localKey);
    const known = this.mirror.get(k);
    if (known) this.opts.onAdopt?.(localKey, known);
  }

  /** Queues a validated result for the team; false when it does not qualify. */
  share(localKey: string, result: GenerateResult, tokens: number): boolean {
    const k = teamResultKey(this.keys, localKey);
    if (!k || result.recorded || (result.quality?.score ?? -1) < this.minQuality) return false;
    const payload = JSON.stringify(toShared(result, tokens));
    if (payload.length > MAX_SHARED_BYTES) return false;
    this.queue.delete(k);
    this.queue.set(k, payload);
    while (this.queue.size > this.maxQueued) {
      this.queue.delete(this.queue.keys().next().value as string);
      this.dropped++;
    }
    return true;
  }

  get queued(): number {
    return this.queue.size;
  }

  /** Sends queued results in order; stops at the first failure (they stay queued). */
  async flush(store: TeamStore): Promise<void> {
    for (const [k, payload] of [...this.queue]) {
      await store.putAndPublish(k, payload, this.ttlSeconds, this.keys.channel, JSON.stringify({ k, p: payload }));
      if (this.queue.get(k) === payload) this.queue.delete(k);
    }
  }

  /** A teammate's result for this local key, or undefined (also when the server is away). */
  async lookup(store: TeamStore | undefined, localKey: string): Promise<SharedResult | undefined> {
    const k = teamResultKey(this.keys, localKey);
    if (!k) return undefined;
    this.interest.set(k, localKey);
    const known = this.mirror.get(k);
    if (known || !store?.ready) return known;
    try {
      const shared = parseShared(await store.get(k));
      if (shared) this.mirror.set(k, shared);
      return shared;
    } catch {
      return undefined;
    }
  }

  /** One message from the team channel (hostile input: validated, never thrown on). */
  onMessage(message: string): void {
    let m: { k?: unknown; p?: unknown };
    try {
      m = JSON.parse(message) as { k?: unknown; p?: unknown };
    } catch {
      this.refused++;
      return;
    }
    const shared = typeof m?.k === 'string' && this.keys.owns(m.k) ? parseShared(m.p) : undefined;
    if (!shared || typeof m.k !== 'string') {
      this.refused++;
      return;
    }
    this.received++;
    this.mirror.set(m.k, shared);
    const localKey = this.interest.get(m.k);
    if (localKey) this.opts.onAdopt?.(localKey, shared);
  }
}
