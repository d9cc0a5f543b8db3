/** Types of the background scheduler: jobs, outcomes, options and the status snapshot. */
import type { ProviderKind } from '../protocol';
import type { BudgetLimits, ProviderBudget } from './budget';

export interface BackgroundJobSpec {
  /** The document the job pre-generates for. */
  uri: string;
  /** The cache key of the site's local context; used for de-duplication and invalidation. */
  contextKey: string;
  /** The provider the job will spend tokens on (with `providers`: the first of them, for display). */
  provider: { id: string; kind: ProviderKind };
  /** Tokens the job is expected to spend (prompt + answer), checked against the budget. */
  estimatedTokens: number;
  /**
   * Every provider the job fans out to, each with its own share of the estimate. Each is
   * gated and charged against its own budget; the job starts with the providers that pass
   * (`run`'s `providerIds`) and is refused only when none does. Without it: `provider` alone.
   */
  providers?: ProviderShare[];
  /** Higher runs first (e.g. the prediction score); FIFO among equals. */
  priority?: number;
  /**
   * Does the work. Must pass `signal` to every request and check it before storing a
   * result: an aborted job's result is stale. Resolves with the tokens actually spent;
   * a rejection may carry `tokensUsed` (else the estimate stays charged). `byProvider`
   * settles each provider's charge to what it actually spent. `abortReason` says why the
   * signal fired: a 'preempted' job whose answers all came in may still store them (its key
   * is its snapshot's), an 'invalidated' one must not.
   */
  run(signal: AbortSignal, providerIds: string[], abortReason?: () => CancelReason | undefined): Promise<JobSpend>;
}

export interface ProviderShare {
  id: string; kind: ProviderKind; estimatedTokens: number;
  /** What an aborted job that reported no usage stays charged (its prompt; the answer never came). Default: the estimate. */
  promptTokens?: number;
}

export interface JobSpend {
  tokensUsed: number;
  /** Tokens per provider id (a provider missing here spent nothing). */
  byProvider?: Record<string, number>;
}

export type SkipReason = 'paid-provider' | 'budget' | 'duplicate' | 'disposed';
/** 'answered': a user request generated the same site itself (scheduler.forget). */
export type CancelReason = 'invalidated' | 'preempted' | 'disposed' | 'answered';

export type JobOutcome =
  | { status: 'completed'; tokensUsed: number }
  | { status: 'skipped'; reason: SkipReason; detail: string }
  /** `tokensCharged`: an aborted job that reported no usage stays charged this (its prompts' estimate). */
  | { status: 'cancelled'; reason: CancelReason; tokensCharged?: number }
  | { status: 'failed'; error: unknown };

export interface EnqueueResult {
  id: number;
  accepted: boolean;
  /** Why it was not accepted. */
  reason?: SkipReason;
  /** Settles once with the job's final outcome; never rejects. */
  done: Promise<JobOutcome>;
}

export interface SchedulerOptions extends BudgetLimits {
  /** Background jobs running at once (default 1). */
  concurrency?: number;
  /** Allow background work on paid providers (kind openai/anthropic). Default false. */
  allowPaidBackground?: boolean;
  /** User requests (foreground work) running at once; the rest wait in the foreground queue (default 4). */
  foregroundConcurrency?: number;
  /** Times a pre-empted job goes back to the queue before it is dropped (default 2). */
  maxRequeues?: number;
  /** Clock in ms (default Date.now). */
  now?: () => number;
}

export interface RunningJobInfo { id: number; uri: string; contextKey: string; providerId: string; providerIds: string[]; estimatedTokens: number }

/** What the status bar shows. */
export interface SchedulerStatus {
  running: RunningJobInfo[];
  queued: number;
  /** User requests queued or running (background is paused while > 0). */
  foreground: number;
  allowPaidBackground: boolean;
  budget: ProviderBudget[];
  counts: { completed: number; skipped: number; cancelled: number; failed: number };
  lastSkip?: { reason: SkipReason; detail: string };
}

export const isPaidProviderKind = (kind: ProviderKind): boolean => kind === 'openai' || kind === 'anthropic';
