/**
 * The repair loop: while the selected result visibly fails (see feedback.ts), send the
 * failures back to the models, evaluate their new candidates (extraction, sandbox and
 * consensus, injected as `evaluate`) and keep the best outcome. Stops when the result
 * converges (score ≥ threshold, or the same behaviour cluster wins twice in a row),
 * when nothing visibly fails, when a budget (iterations, tokens, milliseconds) is
 * spent, on cancellation, and — always, never retried — on a provider or evaluation
 * error, returning the last good result. Every iteration is recorded for spans/evidence.
 */
import type { Candidate } from '../consensus/types';
import { buildFeedback, hasFeedback, type RepairFeedback } from './feedback';
import { winnerSignature, type SelectionOutcome } from './outcome';

export interface RepairBudget {
  maxIterations: number;
  maxTokens: number;
  maxMs: number;
}

export const DEFAULT_REPAIR_BUDGET: RepairBudget = { maxIterations: 3, maxTokens: 20000, maxMs: 60000 };
export const DEFAULT_SCORE_THRESHOLD = 80;

/** What the models sent back for one round of feedback. */
export interface RepairBatch {
  candidates: Candidate[];
  /** Tokens spent on this round (prompt + answers, all providers). */
  tokens: number;
  /** Providers that failed this round; any failure ends the loop after this round. */
  failedProviders?: string[];
}

export type StopReason =
  | 'score' | 'converged' | 'no-feedback' | 'max-iterations' | 'max-tokens' | 'max-ms'
  | 'provider-error' | 'evaluation-error' | 'no-candidates' | 'cancelled';

export interface RepairIteration {
  index: number;
  feedback: RepairFeedback;
  scoreBefore: number;
  scoreAfter?: number;
  signatureBefore: string;
  signatureAfter?: string;
  /** True when the winner's code changed, i.e. the iteration's outcome was kept. */
  improved: boolean;
  candidates: number;
  tokens: number;
  ms: number;
  error?: string;
}

export interface RepairResult {
  /** The best outcome seen (the initial one when nothing helped). */
  final: SelectionOutcome;
  initial: SelectionOutcome;
  iterations: RepairIteration[];
  stopReason: StopReason;
  tokens: number;
  ms: number;
}

export interface RepairLoopRequest {
  initial: SelectionOutcome;
  generateRepairs: (feedback: RepairFeedback, signal: AbortSignal) => Promise<RepairBatch>;
  evaluate: (candidates: Candidate[], signal: AbortSignal) => Promise<SelectionOutcome>;
  budget?: Partial<RepairBudget>;
  /** Quality score (0..100) at which the result is good enough (default 80). */
  scoreThreshold?: number;
  signal?: AbortSignal;
  /** Injected clock (default Date.now). */
  now?: () => number;
  /** Called after each iteration (for spans and the evidence view). */
  onIteration?: (it: RepairIteration) => void;
}

const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

export async function repairLoop(req: RepairLoopRequest): Promise<RepairResult> {
  const budget = { ...DEFAULT_REPAIR_BUDGET, ...req.budget };
  const threshold = req.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD;
  const now = req.now ?? Date.now;
  const started = now();
  const iterations: RepairIteration[] = [];
  let best = req.initial;
  let tokens = 0;

  // A child signal that also fires when the time budget runs out mid-call.
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  req.signal?.addEventListener('abort', onAbort, { once: true });
  if (req.signal?.aborted) controller.abort();
  let deadlineHit = false;
  const timer = setTimeout(() => { deadlineHit = true; controller.abort(); }, Math.max(0, budget.maxMs));
  timer.unref?.();

  const stop = (stopReason: StopReason): RepairResult => ({ final: best, initial: req.initial, iterations, stopReason, tokens, ms: now() - started });
  const interrupted = (): StopReason | undefined => {
    if (req.signal?.aborted) return 'cancelled';
    if (deadlineHit || now() - started >= budget.maxMs) return 'max-ms';
    return undefined;
  };

  try {
    if (best.quality.score >= threshold) return stop('score');
    for (;;) {
      const pre = interrupted();
      if (pre) return stop(pre);
      if (iterations.length >= budget.maxIterations) return stop('max-iterations');
      if (tokens >= budget.maxTokens) return stop('max-tokens');
      const feedback = buildFeedback(best);
      if (!hasFeedback(feedback)) return stop('no-feedback');

      const itStart = now();
      const it: RepairIteration = {
        index: iterations.length + 1, feedback, scoreBefore: best.quality.score, signatureBefore: winnerSignature(best),
        improved: false, candidates: 0, tokens: 0, ms: 0,
      };
      const finish = (reason?: StopReason): RepairResult | undefined => {
        it.ms = now() - itStart;
        iterations.push(it);
        req.onIteration?.(it);
        return reason ? stop(reason) : undefined;
      };

      let batch: RepairBatch;
      try {
        batch = await req.generateRepairs(feedback, controller.signal);
      } catch (e) {
        it.error = describe(e);
        return finish(interrupted() ?? 'provider-error')!;
      }
      it.tokens = Math.max(0, batch.tokens || 0);
      it.candidates = batch.candidates.length;
      tokens += it.tokens;
      const providerFailed = (batch.failedProviders?.length ?? 0) > 0;
      if (providerFailed) it.error = `provider failure: ${batch.failedProviders!.join(', ')}`;
      if (batch.candidates.length === 0) return finish(interrupted() ?? (providerFailed ? 'provider-error' : 'no-candidates'))!;

      let next: SelectionOutcome;
      try {
        next = await req.evaluate(batch.candidates, controller.signal);
      } catch (e) {
        it.error = describe(e);
        return finish(interrupted() ?? 'evaluation-error')!;
      }
      it.scoreAfter = next.quality.score;
      it.signatureAfter = winnerSignature(next);
      const sameBehaviour = it.signatureAfter === it.signatureBefore;
      if (next.quality.score >= best.quality.score && next.code !== best.code) {
        best = next;
        it.improved = true;
      }
      if (providerFailed) return finish('provider-error')!;
      if (best.quality.score >= threshold) return finish('score')!;
      if (sameBehaviour) return finish('converged')!;
      const post = interrupted();
      if (post) return finish(post)!;
      finish();
    }
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}
