/**
 * Reliability increments waiting for the team store, merged per hash field (two +1 on the
 * same field are one +2), bounded by the number of distinct fields. A batch taken for sending
 * stays "in flight" under its idempotency key until the store acknowledges it; a failed or
 * timed-out batch is retried with the SAME key, so it is applied exactly once. Nothing is
 * dropped once accepted; when full, new fields are refused and counted.
 */
import type { IncrementBatch } from './store';

export class IncrementQueue {
  private pending = new Map<string, Map<string, number>>();
  private pendingFields = 0;
  private inflight: IncrementBatch | undefined;
  private seq = 0;
  /** Increments refused because the queue was full. */
  refused = 0;
  /** Batches the store acknowledged. */
  acknowledged = 0;

  constructor(private readonly maxFields = 10_000) {}

  /** Queues an increment; false when refused (queue full). */
  add(key: string, field: string, amount: number): boolean {
    if (!Number.isFinite(amount) || amount === 0) return true;
    let fields = this.pending.get(key);
    if (!fields?.has(field)) {
      if (this.pendingFields >= this.maxFields) {
        this.refused++;
        return false;
      }
      if (!fields) this.pending.set(key, (fields = new Map()));
      this.pendingFields++;
    }
    fields.set(field, (fields.get(field) ?? 0) + amount);
    return true;
  }

  /** The batch to send: the unacknowledged one again, else everything pending. */
  take(opKey: (seq: number) => string, ttlSeconds: number): IncrementBatch | undefined {
    if (this.inflight) return this.inflight;
    if (this.pendingFields === 0) return undefined;
    this.inflight = { opKey: opKey(++this.seq), increments: this.pending, ttlSeconds };
    this.pending = new Map();
    this.pendingFields = 0;
    return this.inflight;
  }

  /** The store applied the in-flight batch. */
  ack(batch: IncrementBatch): void {
    if (this.inflight !== batch) return;
    this.inflight = undefined;
    this.acknowledged++;
  }

  /** Fields waiting, in flight included. */
  get size(): number {
    let inflight = 0;
    for (const f of this.inflight?.increments.values() ?? []) inflight += f.size;
    return this.pendingFields + inflight;
  }
}
