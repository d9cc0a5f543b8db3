/**
 * Choosing among candidate tests, and their 0–100 quality score. Order: passes against
 * the current implementation, then mutants killed, then assertions executed, then how
 * many model answers agreed on it, then arrival. Pure.
 *
 * Score (documented, not fitted), components shown in the result:
 *   executed and passing:  40 + 35·mutationScore + 15·assertionScore + 10·agreement
 *   executed and failing:  0
 *   not executed:          min(25, 15·assertionScore + 10·agreement)  (nothing verified)
 * mutationScore = killed/total mutants, assertionScore = min(assertions, 5)/5
 * (executed count; static count of assert/expect calls when not executed),
 * agreement = answers for this candidate / all answers.
 */
import type { Verdict } from './validate';

export interface Scored<T> {
  value: T;
  /** Model answers that produced this (normalised) candidate. */
  votes: number;
  /** Arrival order (lower first). */
  order: number;
  verdict?: Verdict;
  /** assert/expect calls in the source (used when not executed). */
  staticAssertions: number;
}

export const ASSERTION_TARGET = 5;

export function compareCandidates<T>(a: Scored<T>, b: Scored<T>): number {
  const va = a.verdict;
  const vb = b.verdict;
  return (Number(vb?.passed ?? false) - Number(va?.passed ?? false))
    || ((vb?.passed ? vb.mutantsKilled : 0) - (va?.passed ? va.mutantsKilled : 0))
    || ((vb?.assertions ?? b.staticAssertions) - (va?.assertions ?? a.staticAssertions))
    || (b.votes - a.votes)
    || (a.order - b.order);
}

export function chooseCandidate<C extends Scored<unknown>>(cands: readonly C[]): C | undefined {
  return [...cands].sort(compareCandidates)[0];
}

export function testQuality(c: Scored<unknown>, totalVotes: number, executed: boolean): { score: number; components: Record<string, number> } {
  const v = c.verdict;
  const agreement = totalVotes > 0 ? c.votes / totalVotes : 0;
  const assertions = v ? v.assertions : c.staticAssertions;
  const assertionScore = Math.min(assertions, ASSERTION_TARGET) / ASSERTION_TARGET;
  const mutationScore = v && v.passed && v.mutantsTotal > 0 ? v.mutantsKilled / v.mutantsTotal : 0;
  const passes = v?.passed ? 1 : 0;
  const score = !executed ? Math.min(25, 15 * assertionScore + 10 * agreement)
    : passes ? 40 + 35 * mutationScore + 15 * assertionScore + 10 * agreement : 0;
  return {
    score: Math.round(score * 10) / 10,
    components: {
      executed: executed ? 1 : 0, passes, mutationScore: round(mutationScore), mutantsKilled: v?.mutantsKilled ?? 0,
      mutantsTotal: v?.mutantsTotal ?? 0, assertions, assertionScore: round(assertionScore), agreement: round(agreement),
    },
  };
}

/** assert/expect calls in a test source. */
export const countStaticAssertions = (code: string): number => (code.match(/\b(?:assert(?:\.\w+)?|expect)\s*\(/g) ?? []).length;

const round = (x: number) => Math.round(x * 1000) / 1000;
