/**
 * Reliability counts shared with the team. Each outcome's evidence is added to the hash of
 * the current time bucket (HINCRBYFLOAT through the increment queue: additions commute, so
 * concurrent teammates lose nothing). Forgetting is by time-bucketed keys: a bucket `a`
 * buckets old weighs 0.5^(a / halfLifeBuckets), and buckets expire after `readBuckets`. The
 * teammates' counts (the team's minus this engine's own contributions) are read off the
 * request path by `refresh` and held in memory for `counts`.
 */
import type { IncrementQueue } from './incrementQueue';
import type { TeamCell, TeamKeys } from './keys';
import type { TeamStore } from './store';

export interface TeamCounts { s: number; f: number; n: number }

export interface TeamReliabilityOptions {
  /** Bucket length, ms (default 1 hour). */
  bucketMs?: number;
  /** Half-life in buckets (default 24: a day at hourly buckets). */
  halfLifeBuckets?: number;
  /** Buckets read and kept (default 96); older ones expire on the server. */
  readBuckets?: number;
  now?: () => number;
}

const ZERO: TeamCounts = { s: 0, f: 0, n: 0 };

export class TeamReliability {
  readonly bucketMs: number;
  readonly halfLifeBuckets: number;
  readonly readBuckets: number;
  private readonly now: () => number;
  /** This engine's own contributions: bucket -> field -> amount (subtracted from the team's). */
  private readonly own = new Map<number, Map<string, number>>();
  private others = new Map<string, TeamCounts>();

  constructor(private readonly keys: TeamKeys, private readonly queue: IncrementQueue, opts: TeamReliabilityOptions = {}) {
    this.bucketMs = opts.bucketMs ?? 60 * 60 * 1000;
    this.halfLifeBuckets = opts.halfLifeBuckets ?? 24;
    this.readBuckets = opts.readBuckets ?? 96;
    this.now = opts.now ?? Date.now;
  }

  /** Seconds a bucket hash lives on the server. */
  get ttlSeconds(): number {
    return Math.ceil(((this.readBuckets + 1) * this.bucketMs) / 1000);
  }

  /** Queues one cell's evidence for the team (never waits for the server). */
  record(cell: TeamCell, success: number, failure: number): void {
    const bucket = this.bucket();
    const key = this.keys.reliabilityBucket(bucket);
    const c = this.keys.cell(cell);
    let mine = this.own.get(bucket);
    if (!mine) this.own.set(bucket, (mine = new Map()));
    for (const [field, amount] of [[`${c}.s`, success], [`${c}.f`, failure], [`${c}.n`, 1]] as const) {
      if (amount > 0 && this.queue.add(key, field, amount)) mine.set(field, (mine.get(field) ?? 0) + amount);
    }
    for (const b of this.own.keys()) if (b <= bucket - this.readBuckets) this.own.delete(b);
  }

  /** Reads the recent buckets; throws when the store fails (the caller keeps the old figures). */
  async refresh(store: TeamStore): Promise<void> {
    const current = this.bucket();
    const buckets = Array.from({ length: this.readBuckets }, (_, i) => current - i);
    const hashes = await store.readHashes(buckets.map((b) => this.keys.reliabilityBucket(b)));
    const next = new Map<string, TeamCounts>();
    hashes.forEach((hash, i) => {
      const w = 0.5 ** (i / this.halfLifeBuckets);
      const mine = this.own.get(buckets[i]);
      for (const [field, raw] of Object.entries(hash ?? {})) {
        const dot = field.lastIndexOf('.');
        const part = field.slice(dot + 1);
        const value = Number(raw) - (mine?.get(field) ?? 0);
        if (dot < 0 || !(part === 's' || part === 'f' || part === 'n') || !Number.isFinite(value)) continue;
        const cell = field.slice(0, dot);
        const c = next.get(cell) ?? { ...ZERO };
        c[part] += Math.max(0, value) * (part === 'n' ? 1 : w);
        next.set(cell, c);
      }
    });
    this.others = next;
  }

  /** The teammates' decayed counts for a cell, as of the last refresh. */
  counts(cell: TeamCell): TeamCounts {
    return this.others.get(this.keys.cell(cell)) ?? ZERO;
  }

  private bucket(): number {
    return Math.floor(this.now() / this.bucketMs);
  }
}
