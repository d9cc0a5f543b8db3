/**
 * ForegroundQueue: user requests waiting for one of a bounded number of slots, so a
 * burst of requests runs a few at a time instead of all at once. Fair: one FIFO lane per
 * document; lanes take turns (round robin), so one document's burst cannot hold back
 * another's. Superseded: a request with the same key as an older queued or running one
 * replaces it — the older one leaves the queue, or its work's signal is aborted, and its
 * caller gets a cancelled error at once (`isSuperseded`). A request whose own signal aborts
 * while queued ($/cancelRequest) leaves the queue at once. A slot is held until the work
 * has actually settled, even when its caller was already answered. No timers: the queue
 * moves on `run` and on settlement. Injected clock, for wait times only.
 */
import { WeaverError } from '../util/errors';

export interface ForegroundTicket {
  /** Fairness lane (the document): requests of one lane start in arrival order; lanes take turns. */
  lane?: string;
  /** Supersession key (document + site): a newer request with the same key cancels this one. */
  key?: string;
  /** The caller's cancellation: leaves the queue, or aborts the running work. */
  signal?: AbortSignal;
}

export type ForegroundCancelReason = 'superseded' | 'cancelled' | 'disposed';

/** Why a request was not answered: a normal cancellation (code 'cancelled'), not a failure. */
export class ForegroundCancelled extends WeaverError {
  constructor(readonly reason: ForegroundCancelReason) {
    super('cancelled', reason === 'superseded' ? 'Superseded by a newer request for the same site.'
      : reason === 'disposed' ? 'The server is shutting down.' : 'Generation was cancelled.');
  }
}

export const isSuperseded = (e: unknown): boolean => e instanceof ForegroundCancelled && e.reason === 'superseded';

export interface ForegroundQueueOptions {
  /** Requests running at once (default 4). */
  concurrency?: number;
  /** Called whenever a request is queued, started or settles (the owner pumps other work). */
  onChange?: () => void;
  /** Clock in ms (default Date.now). */
  now?: () => number;
}

export interface ForegroundStatus {
  running: number;
  queued: number;
  /** Lanes with requests waiting. */
  lanes: number;
  /** How long the oldest queued request has waited, ms (0 when none). */
  longestWaitMs: number;
  counts: { completed: number; superseded: number; cancelled: number };
}

interface Entry {
  lane: string;
  key?: string;
  enqueuedAt: number;
  controller: AbortController;
  start: (signal: AbortSignal) => void;
  /** Answers the caller now with a cancellation (the work, if running, still holds its slot). */
  cancel: (reason: ForegroundCancelReason) => void;
  running: boolean;
  /** The caller was answered already (a cancellation); the entry may still hold a slot. */
  answered: boolean;
}

const DEFAULT_LANE = '';
/**
 * Generations running at once. Each one waits on the model most of its time and then
 * parses, type-checks and runs candidates (CPU); a few at once keep the models busy
 * without the CPU stages of a burst all contending on the same cores.
 */
export const DEFAULT_FOREGROUND_CONCURRENCY = 4;

export class ForegroundQueue {
  private concurrency: number;
  private readonly now: () => number;
  private readonly onChange: () => void;
  /** Waiting entries per lane; Map order is the turn order (a served lane moves to the end). */
  private readonly lanes = new Map<string, Entry[]>();
  private readonly running = new Set<Entry>();
  private readonly counts = { completed: 0, superseded: 0, cancelled: 0 };
  private disposed = false;

  constructor(opts: ForegroundQueueOptions = {}) {
    this.concurrency = clampConcurrency(opts.concurrency);
    this.now = opts.now ?? Date.now;
    this.onChange = opts.onChange ?? (() => undefined);
  }

  configure(concurrency: number): void {
    this.concurrency = clampConcurrency(concurrency);
    this.pump();
  }

  /** Requests queued or holding a slot. */
  get size(): number {
    let n = this.running.size;
    for (const q of this.lanes.values()) n += q.length;
    return n;
  }

  /**
   * Runs `fn` when a slot is free and it is this lane's turn. `fn` gets a signal aborted by
   * the caller's signal, by a newer request with the same key, or by `dispose`. Rejects with
   * `ForegroundCancelled` when superseded, cancelled while queued, or disposed.
   */
  run<T>(ticket: ForegroundTicket, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new ForegroundCancelled('disposed'));
    if (ticket.signal?.aborted) return Promise.reject(new ForegroundCancelled('cancelled'));
    return new Promise<T>((resolve, reject) => {
      const onCallerAbort = () => {
        if (entry.running) entry.controller.abort();
        else this.remove(entry, 'cancelled');
      };
      const settle = (answer: () => void) => {
        ticket.signal?.removeEventListener('abort', onCallerAbort);
        if (!entry.answered) {
          entry.answered = true;
          answer();
        }
      };
      const entry: Entry = {
        lane: ticket.lane ?? DEFAULT_LANE, key: ticket.key, enqueuedAt: this.now(), controller: new AbortController(),
        running: false, answered: false,
        cancel: (reason) => settle(() => reject(new ForegroundCancelled(reason))),
        start: (signal) => {
          let work: Promise<T>;
          try {
            work = fn(signal);
          } catch (e) {
            work = Promise.reject(e);
          }
          void work.then(
            (v) => { this.release(entry); settle(() => resolve(v)); },
            (e: unknown) => { this.release(entry); settle(() => reject(e)); },
          );
        },
      };
      ticket.signal?.addEventListener('abort', onCallerAbort, { once: true });
      if (entry.key !== undefined) this.supersede(entry.key);
      const lane = this.lanes.get(entry.lane);
      if (lane) lane.push(entry);
      else this.lanes.set(entry.lane, [entry]);
      this.pump();
      this.onChange();
    });
  }

  status(): ForegroundStatus {
    let oldest = Infinity;
    for (const q of this.lanes.values()) if (q.length) oldest = Math.min(oldest, q[0].enqueuedAt);
    return {
      running: this.running.size, queued: this.size - this.running.size, lanes: this.lanes.size,
      longestWaitMs: Number.isFinite(oldest) ? Math.max(0, this.now() - oldest) : 0, counts: { ...this.counts },
    };
  }

  /** Cancels every queued request and aborts the running ones. */
  dispose(): void {
    this.disposed = true;
    for (const q of [...this.lanes.values()]) for (const e of [...q]) this.remove(e, 'disposed');
    for (const e of this.running) this.abortRunning(e, 'disposed');
  }

  /** The older requests with `key` (queued or running, not yet answered) are cancelled as superseded. */
  private supersede(key: string): void {
    for (const q of [...this.lanes.values()]) for (const e of q.filter((x) => x.key === key)) this.remove(e, 'superseded');
    for (const e of this.running) if (e.key === key && !e.answered) this.abortRunning(e, 'superseded');
  }

  private abortRunning(e: Entry, reason: ForegroundCancelReason): void {
    if (e.answered) return;
    this.count(reason);
    e.cancel(reason);
    e.controller.abort();
  }

  private remove(e: Entry, reason: ForegroundCancelReason): void {
    const q = this.lanes.get(e.lane);
    const i = q?.indexOf(e) ?? -1;
    if (!q || i < 0) return;
    q.splice(i, 1);
    if (!q.length) this.lanes.delete(e.lane);
    this.count(reason);
    e.cancel(reason);
    this.onChange();
  }

  private count(reason: ForegroundCancelReason): void {
    if (reason === 'superseded') this.counts.superseded++;
    else this.counts.cancelled++;
  }

  private release(e: Entry): void {
    this.running.delete(e);
    // A superseded or disposed entry was counted when its caller was answered.
    if (!e.answered) this.counts[e.controller.signal.aborted ? 'cancelled' : 'completed']++;
    this.pump();
    this.onChange();
  }

  /** Starts the head of the lane whose turn it is while slots are free; that lane moves to the end. */
  private pump(): void {
    while (!this.disposed && this.running.size < this.concurrency && this.lanes.size) {
      const [lane, q] = this.lanes.entries().next().value as [string, Entry[]];
      const e = q.shift()!;
      this.lanes.delete(lane);
      if (q.length) this.lanes.set(lane, q);
      e.running = true;
      this.running.add(e);
      e.start(e.controller.signal);
    }
  }
}

function clampConcurrency(n: number | undefined): number {
  return Number.isFinite(n) ? Math.max(1, Math.floor(n as number)) : DEFAULT_FOREGROUND_CONCURRENCY;
}
