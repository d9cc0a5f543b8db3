/**
 * BackgroundScheduler: a low-priority queue for pre-generation. A user request
 * (`runForeground`) always comes first: running background jobs are aborted and re-queued
 * (or dropped), and nothing new starts while user requests are queued or running. User
 * requests themselves go through the foreground queue (foregroundQueue.ts): a bounded
 * number at once, fair per document, superseded by a newer request for the same site. Jobs whose
 * context changed are aborted by `invalidate`. A sliding-window token budget per provider
 * gates every start; paid providers are excluded unless allowed. No timers: the queue
 * moves on enqueue, on job settlement and when foreground work ends.
 */
import { TokenBudget, type Charge } from './budget';
import { ForegroundQueue, type ForegroundStatus, type ForegroundTicket } from './foregroundQueue';
import {
  isPaidProviderKind, type BackgroundJobSpec, type CancelReason, type EnqueueResult, type JobOutcome, type JobSpend,
  type ProviderShare, type SchedulerOptions, type SchedulerStatus, type SkipReason,
} from './types';

interface Job {
  id: number;
  seq: number;
  spec: BackgroundJobSpec;
  requeues: number;
  resolve: (o: JobOutcome) => void;
  done: Promise<JobOutcome>;
  /** A user request waits for this job's answers (`join`): never pre-empted. */
  joined?: boolean;
  controller?: AbortController;
  abortReason?: CancelReason;
  /** One charge per provider the job started with. */
  charges?: Map<string, Charge>;
  shares?: ProviderShare[];
  /** Tokens kept charged for runs aborted without a usage report (over re-queues). */
  charged?: number;
}

type Gate = { reason: SkipReason; detail: string } | { shares: ProviderShare[] };

export class BackgroundScheduler {
  private readonly now: () => number;
  private readonly budget: TokenBudget;
  private concurrency: number;
  private allowPaid: boolean;
  private readonly maxRequeues: number;
  private queue: Job[] = [];
  private readonly running = new Map<number, Job>();
  private readonly foregroundQueue: ForegroundQueue;
  private nextId = 1;
  private seq = 0;
  private disposed = false;
  private lastSkip?: SchedulerStatus['lastSkip'];
  private readonly counts = { completed: 0, skipped: 0, cancelled: 0, failed: 0 };
  private readonly listeners = new Set<(s: SchedulerStatus) => void>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(opts: SchedulerOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.budget = new TokenBudget(opts, this.now);
    this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? 1));
    this.allowPaid = opts.allowPaidBackground ?? false;
    this.maxRequeues = Math.max(0, opts.maxRequeues ?? 2);
    this.foregroundQueue = new ForegroundQueue({ concurrency: opts.foregroundConcurrency, now: this.now, onChange: () => this.foregroundChanged() });
  }

  /** Settings changed: concurrency, paid-provider rule and budget limits. */
  configure(opts: Omit<SchedulerOptions, 'now'>): void {
    if (opts.concurrency !== undefined) this.concurrency = Math.max(1, Math.floor(opts.concurrency));
    if (opts.allowPaidBackground !== undefined) this.allowPaid = opts.allowPaidBackground;
    if (opts.foregroundConcurrency !== undefined) this.foregroundQueue.configure(opts.foregroundConcurrency);
    this.budget.update(opts);
    this.pump();
  }

  enqueue(spec: BackgroundJobSpec): EnqueueResult {
    const id = this.nextId++;
    let resolve!: (o: JobOutcome) => void;
    const done = new Promise<JobOutcome>((r) => { resolve = r; });
    const job: Job = { id, seq: this.seq++, spec, requeues: 0, resolve, done };
    const refusal = this.disposed ? { reason: 'disposed' as const, detail: 'scheduler disposed' }
      : this.isDuplicate(spec) ? { reason: 'duplicate' as const, detail: 'a job for this context is already queued or running' }
      : refusalOf(this.gate(spec));
    if (refusal) {
      this.skip(job, refusal.reason, refusal.detail);
      this.emit(); // listeners (the status bar, the metrics push) hear of refusals too
      return { id, accepted: false, reason: refusal.reason, done };
    }
    this.queue.push(job);
    this.pump();
    this.emit();
    return { id, accepted: true, done };
  }

  /**
   * Runs a user request ahead of all background work: running background jobs are
   * aborted at once (their signals fire before `fn` is called) and none start while user
   * requests are queued or running. The request waits for a foreground slot, in its lane's
   * turn (`ticket.lane`); a newer request with the same `ticket.key` supersedes it (it then
   * rejects with `ForegroundCancelled`, see `isSuperseded`). `fn`'s signal aborts on the
   * caller's `ticket.signal`, on supersession and on dispose.
   */
  runForeground<T>(fn: (signal: AbortSignal) => Promise<T>, ticket: ForegroundTicket = {}): Promise<T> {
    for (const job of this.running.values()) if (!job.joined) this.abort(job, 'preempted');
    return this.foregroundQueue.run(ticket, fn);
  }

  /**
   * A user request for the site of a RUNNING job joins it: the job is no longer pre-empted
   * and its outcome is returned (the caller serves what it stores). Undefined when no job
   * with `contextKey` is running unaborted (queued ones: see `forget`).
   */
  join(contextKey: string): Promise<JobOutcome> | undefined {
    for (const job of this.running.values()) {
      if (job.spec.contextKey !== contextKey || job.abortReason) continue;
      job.joined = true;
      return job.done;
    }
    return undefined;
  }

  /**
   * A user request generates `contextKey` itself: a queued job for it is dropped, and an
   * aborted one still settling is not re-queued (it would send the identical prompt again).
   */
  forget(contextKey: string): void {
    this.queue = this.queue.filter((job) => {
      if (job.spec.contextKey !== contextKey) return true;
      this.finish(job, cancelledOutcome(job, 'answered'));
      return false;
    });
    for (const job of this.running.values()) if (job.spec.contextKey === contextKey && job.abortReason === 'preempted') job.abortReason = 'answered';
    this.emit();
  }

  /** The foreground queue's state (requests waiting and running, supersessions). */
  foregroundStatus(): ForegroundStatus {
    return this.foregroundQueue.status();
  }

  /** Cancels the jobs of `uri` whose context changed (`changed(contextKey)` is true). Returns how many. */
  invalidate(uri: string, changed: (contextKey: string) => boolean): number {
    let n = 0;
    this.queue = this.queue.filter((job) => {
      if (job.spec.uri !== uri || !changed(job.spec.contextKey)) return true;
      this.finish(job, cancelledOutcome(job, 'invalidated'));
      n++;
      return false;
    });
    for (const job of this.running.values()) {
      // A pre-empted job still settling must not come back to the queue either.
      if (job.spec.uri === uri && job.abortReason !== 'invalidated' && job.abortReason !== 'disposed' && changed(job.spec.contextKey)) {
        job.abortReason = 'invalidated';
        job.controller?.abort();
        n++;
      }
    }
    if (n) this.emit();
    return n;
  }

  status(): SchedulerStatus {
    const ids = new Set<string>();
    for (const j of [...this.queue, ...this.running.values()]) for (const s of sharesOf(j.spec)) ids.add(s.id);
    return {
      running: [...this.running.values()].map((j) => ({
        id: j.id, uri: j.spec.uri, contextKey: j.spec.contextKey, providerId: j.spec.provider.id,
        providerIds: [...(j.charges?.keys() ?? [])], estimatedTokens: j.spec.estimatedTokens,
      })),
      queued: this.queue.length,
      foreground: this.foregroundQueue.size,
      allowPaidBackground: this.allowPaid,
      budget: this.budget.snapshot(ids),
      counts: { ...this.counts },
      ...(this.lastSkip ? { lastSkip: { ...this.lastSkip } } : {}),
    };
  }

  /** Tokens left for background work on a provider now. */
  budgetLeft(providerId: string): number {
    return this.budget.left(providerId);
  }

  onDidChange(listener: (s: SchedulerStatus) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
  }

  /** Resolves when nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (!this.queue.length && !this.running.size) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue) this.finish(job, { status: 'cancelled', reason: 'disposed' });
    this.queue = [];
    for (const job of this.running.values()) this.abort(job, 'disposed');
    this.foregroundQueue.dispose();
    this.listeners.clear();
  }

  /**
   * The providers a job may start with: paid ones only when allowed, each within its own
   * budget. Refused when none is left; the detail names the first provider that failed.
   */
  private gate(spec: BackgroundJobSpec): Gate {
    const shares = sharesOf(spec);
    const ok: ProviderShare[] = [];
    let refusal: { reason: SkipReason; detail: string } | undefined;
    for (const s of shares) {
      if (isPaidProviderKind(s.kind) && !this.allowPaid) {
        refusal ??= { reason: 'paid-provider', detail: `${s.id} is a paid provider (${s.kind}); background work on paid providers is off` };
        continue;
      }
      const left = this.budget.left(s.id);
      if (s.estimatedTokens > left) {
        refusal ??= { reason: 'budget', detail: `${s.id}: needs ~${s.estimatedTokens} tokens, ${left} left this hour` };
        continue;
      }
      ok.push(s);
    }
    return ok.length ? { shares: ok } : refusal ?? { reason: 'budget', detail: 'no provider to run on' };
  }

  private isDuplicate(spec: BackgroundJobSpec): boolean {
    const same = (j: Job) => j.spec.contextKey === spec.contextKey && !j.abortReason;
    return this.queue.some(same) || [...this.running.values()].some(same);
  }

  private pump(): void {
    while (!this.disposed && this.foregroundQueue.size === 0 && this.running.size < this.concurrency && this.queue.length) {
      const job = this.takeNext();
      const gate = this.gate(job.spec);
      if ('reason' in gate) this.skip(job, gate.reason, gate.detail);
      else this.start(job, gate.shares);
    }
    if (!this.queue.length && !this.running.size) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Foreground work queued, started or settled: background may resume once none is left. */
  private foregroundChanged(): void {
    this.pump();
    this.emit();
  }

  private takeNext(): Job {
    let best = 0;
    for (let i = 1; i < this.queue.length; i++) {
      const a = this.queue[i];
      const b = this.queue[best];
      const pa = a.spec.priority ?? 0;
      const pb = b.spec.priority ?? 0;
      if (pa > pb || (pa === pb && a.seq < b.seq)) best = i;
    }
    return this.queue.splice(best, 1)[0];
  }

  private start(job: Job, shares: ProviderShare[]): void {
    job.controller = new AbortController();
    job.abortReason = undefined;
    job.charges = new Map(shares.map((s) => [s.id, this.budget.charge(s.id, s.estimatedTokens)]));
    job.shares = shares;
    this.running.set(job.id, job);
    this.emit();
    let work: Promise<JobSpend>;
    try {
      work = Promise.resolve(job.spec.run(job.controller.signal, shares.map((s) => s.id), () => job.abortReason));
    } catch (e) {
      work = Promise.reject(e);
    }
    void work.then((r) => this.settled(job, r, undefined), (e: unknown) => this.settled(job, undefined, e));
  }

  private settled(job: Job, result: JobSpend | undefined, error: unknown): void {
    this.running.delete(job.id);
    const reason = job.abortReason;
    const spend = result ?? spentOf(error);
    if (spend) settleCharges(job.charges, spend);
    // Aborted without a report: the answers never came, only the prompts may have been sent.
    else if (reason) {
      for (const s of job.shares ?? []) {
        const prompt = s.promptTokens ?? s.estimatedTokens;
        job.charges?.get(s.id)?.settle(prompt);
        job.charged = (job.charged ?? 0) + prompt;
      }
    }
    if (result) {
      this.finish(job, reason === 'invalidated' || reason === 'disposed' || reason === 'answered'
        ? { status: 'cancelled', reason }
        : { status: 'completed', tokensUsed: result.tokensUsed });
    } else if (reason === 'preempted' && !this.disposed && job.requeues < this.maxRequeues) {
      job.requeues++;
      this.queue.push(job);
    } else if (reason) {
      this.finish(job, cancelledOutcome(job, reason));
    } else {
      this.finish(job, { status: 'failed', error });
    }
    this.pump();
    this.emit();
  }

  private abort(job: Job, reason: CancelReason): void {
    if (job.abortReason) return;
    job.abortReason = reason;
    job.controller?.abort();
  }

  private skip(job: Job, reason: SkipReason, detail: string): void {
    this.lastSkip = { reason, detail };
    this.finish(job, { status: 'skipped', reason, detail });
  }

  private finish(job: Job, outcome: JobOutcome): void {
    if (outcome.status === 'completed') this.counts.completed++;
    else if (outcome.status === 'skipped') this.counts.skipped++;
    else if (outcome.status === 'cancelled') this.counts.cancelled++;
    else this.counts.failed++;
    job.resolve(outcome);
  }

  private emit(): void {
    if (!this.listeners.size) return;
    const s = this.status();
    for (const l of this.listeners) l(s);
  }
}

/** Tokens a failed or aborted job reports having spent (`error.tokensUsed`, `error.byProvider`), if any. */
function spentOf(error: unknown): JobSpend | undefined {
  const e = error as { tokensUsed?: unknown; byProvider?: unknown } | null;
  const t = e?.tokensUsed;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) return undefined;
  const by = e?.byProvider;
  return { tokensUsed: t, ...(by && typeof by === 'object' ? { byProvider: by as Record<string, number> } : {}) };
}

function sharesOf(spec: BackgroundJobSpec): ProviderShare[] {
  return spec.providers?.length ? spec.providers : [{ ...spec.provider, estimatedTokens: spec.estimatedTokens }];
}

/**
 * Each provider's charge settles to what it spent. Without a per-provider breakdown, a
 * single provider takes the total; several keep their estimates (conservative).
 */
function settleCharges(charges: Map<string, Charge> | undefined, spend: JobSpend): void {
  if (!charges) return;
  if (spend.byProvider) {
    for (const [id, c] of charges) c.settle(spend.byProvider[id] ?? 0);
  } else if (charges.size === 1) {
    for (const c of charges.values()) c.settle(spend.tokensUsed);
  }
}

/** A cancelled job's outcome, with what it stays charged for runs that reported no usage. */
const cancelledOutcome = (job: Job, reason: CancelReason): JobOutcome =>
  ({ status: 'cancelled', reason, ...(job.charged ? { tokensCharged: job.charged } : {}) });

const refusalOf = (g: Gate) => ('reason' in g ? g : null);
