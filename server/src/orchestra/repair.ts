/**
 * The repair loop in the real pipeline: glue between the orchestra and
 * reasoning/repairLoop. When the decided winner visibly fails (parse, type check, load,
 * probe exception/timeout, a doc example it does not reproduce), the structured feedback
 * goes back to every provider as the next turn of the conversation (repairMessages); their
 * answers go through the same extraction → type check → consensus → score path (decide).
 * Budgets, convergence and "never loop on a provider error" are the controller's. Each
 * iteration is a `weavergen.repair.iteration` span when a trace context is given.
 */
import type { ProviderUse, RepairInfo, RepairIterationInfo } from '../protocol';
import type { RepairSettings } from '../protocol/settings';
import type { ChatMessage, CompletionRequest, ModelProvider } from '../providers/types';
import type { Candidate } from '../consensus/types';
import {
  buildFeedback, hasFeedback, repairLoop, repairMessages,
  type RepairBatch, type RepairFeedback, type RepairIteration, type SelectionOutcome,
} from '../reasoning';
import type { TraceContext } from '../telemetry';
import { groupCandidates, type Extracted } from './candidates';
import type { Decision, DecideInput } from './decide';
import { decideTraced } from './decideSpans';
import { fanOut, type FanOutOptions, type FanOutSample } from './fanOut';

export const REPAIR_ITERATION_SPAN = 'weavergen.repair.iteration';

/** One round's decision plus the samples and provider uses it was made from. */
export interface Round {
  decision: Decision;
  samples: FanOutSample<Extracted>[];
  uses: ProviderUse[];
}

export interface RepairContext {
  providers: readonly ModelProvider[];
  /** The original request (its messages are the start of the repair conversation). */
  request: Omit<CompletionRequest, 'signal'>;
  fan: Omit<FanOutOptions<Extracted>, 'signal'>;
  decideInput: Omit<DecideInput, 'candidates' | 'signal'>;
  settings: RepairSettings;
  signal: AbortSignal;
  trace?: TraceContext;
  now?: () => number;
}

/** The round's decision as the repair loop's SelectionOutcome (same score as shown to the user). */
export function toOutcome(round: Round): SelectionOutcome {
  const d = round.decision;
  return {
    entryPoint: d.detail.entryPoint || 'the function',
    candidates: d.detail.candidates,
    consensus: d.detail.consensus,
    code: d.winner.code,
    quality: d.quality,
    typeDiagnostics: d.detail.winnerDiagnostics?.map((m) => {
      const code = /^(TS\d+):\s*/.exec(m);
      return code ? { code: code[1], message: m.slice(code[0].length) } : { message: m };
    }),
  };
}

/** True when the repair loop should run on this round. */
export function wantsRepair(round: Round, settings: RepairSettings): boolean {
  return settings.enabled && settings.maxIterations > 0 && hasFeedback(buildFeedback(toOutcome(round)));
}

/** One line per feedback item, for the result and the evidence view. */
export function summarizeFeedback(f: RepairFeedback): string {
  const text = f.items.map((it) => {
    if (it.kind === 'doc-example') return `doc-example: ${it.input} expected ${it.expected}, got ${it.actual}`;
    if (it.kind === 'exception') return `exception: ${it.input} threw ${it.exception ?? ''}`.trim();
    if (it.kind === 'timeout') return `timeout: ${it.input}`;
    return `${it.kind}: ${it.message}`;
  }).join('; ');
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

const estimateTokens = (chars: number) => Math.ceil(chars / 4);

/** Runs the repair loop from `first`; the best round and what the loop did. */
export async function repairRound(first: Round, ctx: RepairContext): Promise<{ round: Round; info: RepairInfo }> {
  const rounds = new WeakMap<SelectionOutcome, Round>();
  const initial = toOutcome(first);
  rounds.set(initial, first);
  let pending: Round | undefined;
  let iter = 0;
  let endSpan: ((it: RepairIteration) => void) | undefined;

  const previousAnswer = (o: SelectionOutcome): string => {
    const round = rounds.get(o) ?? first;
    const sample = winnerSample(round);
    return sample?.result.text ?? '```\n' + o.code + '\n```';
  };
  let best = initial;
  let lastOutcome: SelectionOutcome | undefined;

  const ask = async (feedback: RepairFeedback, signal: AbortSignal): Promise<RepairBatch> => {
    iter++;
    const messages: ChatMessage[] = repairMessages(ctx.request.messages, previousAnswer(best), feedback);
    const fan = await fanOut<Extracted>(ctx.providers, { ...ctx.request, messages }, { ...ctx.fan, signal });
    const tokens = fan.uses.reduce((s, u) => s + (u.inputTokens ?? 0) + (u.outputTokens ?? 0), 0)
      || estimateTokens(messages.reduce((s, m) => s + m.content.length, 0) * ctx.providers.length
        + fan.samples.reduce((s, x) => s + x.result.text.length, 0));
    const candidates: Candidate[] = fan.samples.map((s) => ({ id: `r${iter}:${s.provider.id}#${s.sample}`, providerId: s.provider.id, code: s.value.code }));
    pending = { decision: first.decision, samples: fan.samples, uses: fan.uses };
    const failed = fan.uses.filter((u) => u.status === 'error').map((u) => u.id);
    return { candidates, tokens, failedProviders: failed.length ? failed : undefined };
  };

  const generateRepairs = (feedback: RepairFeedback, signal: AbortSignal): Promise<RepairBatch> => {
    if (!ctx.trace) return ask(feedback, signal);
    return new Promise<RepairBatch>((resolve, reject) => {
      void ctx.trace!.withSpan(REPAIR_ITERATION_SPAN, { 'weavergen.repair.index': iter + 1, 'weavergen.repair.feedback_items': feedback.items.length }, async (span) => {
        const ended = new Promise<RepairIteration>((r) => { endSpan = r; });
        try {
          resolve(await ask(feedback, signal));
        } catch (e) {
          reject(e);
        }
        const it = await ended;
        span.set({
          'weavergen.repair.score_before': it.scoreBefore, 'weavergen.repair.score_after': it.scoreAfter,
          'weavergen.repair.changed': it.improved, 'weavergen.repair.tokens': it.tokens, 'weavergen.repair.candidates': it.candidates,
        });
        if (it.error) span.event('repair.error', { 'weavergen.repair.error': it.error });
      }, { signal }).catch(() => undefined);
    });
  };

  const evaluate = async (candidates: Candidate[], signal: AbortSignal): Promise<SelectionOutcome> => {
    const round = pending!;
    const site = groupCandidates(round.samples.map((s) => ({ providerId: s.provider.id, sample: s.sample, value: s.value })));
    if (site.length === 0 || candidates.length === 0) throw new Error('no candidates to evaluate');
    const decision = await decideTraced({ ...ctx.decideInput, candidates: site, signal });
    const next: Round = { ...round, decision };
    const outcome = toOutcome(next);
    rounds.set(outcome, next);
    lastOutcome = outcome;
    return outcome;
  };

  const result = await repairLoop({
    initial, generateRepairs, evaluate, signal: ctx.signal, now: ctx.now,
    budget: { maxIterations: ctx.settings.maxIterations, maxTokens: ctx.settings.maxTokens, maxMs: ctx.settings.maxSeconds * 1000 },
    scoreThreshold: ctx.settings.scoreThreshold,
    onIteration: (it) => {
      if (it.improved && lastOutcome) best = lastOutcome;
      endSpan?.(it);
      endSpan = undefined;
    },
  });
  best = result.final;
  const iterations: RepairIterationInfo[] = result.iterations.map((it) => {
    const out: RepairIterationInfo = {
      index: it.index, feedbackSummary: summarizeFeedback(it.feedback), scoreBefore: it.scoreBefore,
      changed: it.improved, tokens: it.tokens, ms: it.ms,
    };
    if (it.scoreAfter !== undefined) out.scoreAfter = it.scoreAfter;
    if (it.error) out.error = it.error;
    return out;
  });
  const round = rounds.get(result.final) ?? first;
  return {
    round,
    info: {
      iterations, stoppedBecause: result.stopReason, tokens: result.tokens, ms: result.ms, initialScore: initial.quality.score,
      fixed: repairFixed(round, ctx.settings),
    },
  };
}

/** The sample whose answer stands for the round's winner. */
export function winnerSample(round: Round): FanOutSample<Extracted> | undefined {
  return round.samples.find((s) => round.decision.winner.votes.some((v) => v.id === `${s.provider.id}#${s.sample}`));
}

/** Did the final round leave no visible failure (or reach the threshold)? */
export function repairFixed(round: Round, settings: RepairSettings): boolean {
  return round.decision.quality.score >= settings.scoreThreshold || !hasFeedback(buildFeedback(toOutcome(round)));
}
