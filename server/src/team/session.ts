/**
 * One engine's team session: the store, the increment queue, shared reliability and
 * shared results, run entirely off the request path. Writes leave through `flush` on a
 * short timer (and at once when the connection comes back: the resync); the teammates'
 * counts are re-read on a slower timer. Nothing here is awaited by a user request except
 * `lookup`, and only on a local cache miss, with the store's short deadline.
 */
import { randomBytes } from 'node:crypto';
import { evidenceOf, type OutcomeEvent, type ProviderEstimate } from '../learning';
import type { GenerateResult } from '../protocol';
import { blend, ownCounts, type BlendedEstimate } from './blend';
import { IncrementQueue } from './incrementQueue';
import { TeamKeys } from './keys';
import type { SharedResult } from './sharedResult';
import type { TeamStore } from './store';
import { TeamReliability, type TeamReliabilityOptions } from './teamReliability';
import { TeamResults, type TeamResultsOptions } from './teamResults';

export interface TeamSessionOptions {
  store: TeamStore;
  namespace: string;
  /** Share validated results (code); counts are always shared in team mode. */
  shareCode: boolean;
  /** λ: weight of the teammates' evidence (default 0.5). */
  teamWeight?: number;
  /** Write flush period, ms (default 200). */
  flushMs?: number;
  /** Re-read of the teammates' counts, ms (default 30 s). */
  refreshMs?: number;
  maxQueuedFields?: number;
  reliability?: TeamReliabilityOptions;
  results?: TeamResultsOptions;
}

export interface TeamStatus {
  connected: boolean;
  shareCode: boolean;
  queuedIncrements: number;
  queuedResults: number;
  acknowledgedBatches: number;
  refusedIncrements: number;
  droppedResults: number;
  receivedResults: number;
}

export class TeamSession {
  readonly keys: TeamKeys;
  readonly reliability: TeamReliability;
  readonly results: TeamResults | undefined;
  private readonly increments: IncrementQueue;
  private readonly clientId = randomBytes(8).toString('hex');
  private readonly timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  private disposed = false;
  private readonly teamWeight: number;

  constructor(private readonly opts: TeamSessionOptions) {
    this.keys = new TeamKeys(opts.namespace);
    this.increments = new IncrementQueue(opts.maxQueuedFields);
    this.reliability = new TeamReliability(this.keys, this.increments, opts.reliability);
    this.results = opts.shareCode ? new TeamResults(this.keys, opts.results) : undefined;
    this.teamWeight = opts.teamWeight ?? 0.5;
  }

  /** Starts the timers and the subscription; returns at once. */
  start(): this {
    const { store } = this.opts;
    store.onConnectionChange((up) => {
      if (up) void this.flush().then(() => this.refresh());
    });
    const every = (ms: number, fn: () => Promise<void>) => {
      const t = setInterval(() => void fn(), ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.opts.flushMs ?? 200, () => this.flush());
    every(this.opts.refreshMs ?? 30_000, () => this.refresh());
    const results = this.results;
    if (results) void store.subscribe(this.keys.channel, (m) => results.onMessage(m)).then((u) => { this.unsubscribe = u; }, () => undefined);
    return this;
  }

  /**
   * Learns from one outcome for the team. `providerName` maps a local provider id to
   * `kind/model` (what teammates have in common); unknown providers are not shared.
   */
  recordOutcome(e: OutcomeEvent, providerName: (providerId: string) => string | undefined): void {
    for (const ev of evidenceOf(e)) {
      const provider = providerName(ev.providerId);
      if (provider) this.reliability.record({ provider, language: e.language, siteKind: e.siteKind }, ev.success, ev.failure);
    }
  }

  /** The local estimate blended with the teammates' counts (blend.ts). */
  estimate(local: ProviderEstimate, provider: string, language: string, siteKind: string): BlendedEstimate {
    return blend(ownCounts(local), this.reliability.counts({ provider, language, siteKind }), this.teamWeight);
  }

  share(localKey: string, result: GenerateResult, tokens: number): boolean {
    return this.results?.share(localKey, result, tokens) ?? false;
  }

  noteLocalKey(localKey: string): void {
    this.results?.noteLocalKey(localKey);
  }

  /** A teammate's result on a local cache miss (never throws; undefined when none or away). */
  lookup(localKey: string): Promise<SharedResult | undefined> {
    return this.results?.lookup(this.opts.store, localKey) ?? Promise.resolve(undefined);
  }

  /** Sends what is queued (one flush at a time); failures leave it queued. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const { store } = this.opts;
    if (!store.ready || this.disposed) return Promise.resolve();
    this.flushing = (async () => {
      try {
        for (let batch; (batch = this.increments.take((seq) => this.keys.op(this.clientId, seq), this.reliability.ttlSeconds));) {
          await store.applyIncrements(batch);
          this.increments.ack(batch);
        }
        await this.results?.flush(store);
      } catch {
        // the team is away or slow: everything stays queued for the next flush
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  /** Re-reads the teammates' counts (keeps the old figures on failure). */
  async refresh(): Promise<void> {
    if (!this.opts.store.ready || this.disposed) return;
    await this.reliability.refresh(this.opts.store).catch(() => undefined);
  }

  status(): TeamStatus {
    return {
      connected: this.opts.store.ready,
      shareCode: !!this.results,
      queuedIncrements: this.increments.size,
      queuedResults: this.results?.queued ?? 0,
      acknowledgedBatches: this.increments.acknowledged,
      refusedIncrements: this.increments.refused,
      droppedResults: this.results?.dropped ?? 0,
      receivedResults: this.results?.received ?? 0,
    };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const t of this.timers) clearInterval(t);
    await this.flushing;
    await this.unsubscribe?.().catch(() => undefined);
    await this.opts.store.close();
  }
}
