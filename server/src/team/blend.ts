/**
 * Own and team evidence blended into one Beta posterior:
 *   Beta(α + s_own + λ·s_team, β + f_own + λ·f_team)
 * where s/f are decayed success/failure weights, s_team/f_team are the teammates' counts
 * (own contributions removed, so nothing is counted twice) and λ ∈ [0, 1] discounts the
 * team's evidence (other people's code and habits are weaker evidence about this user's).
 * λ = 0 is exactly the local estimate. Pure.
 */
import { betaSummary } from '../learning/beta';
import type { ProviderEstimate } from '../learning/reliability';
import type { TeamCounts } from './teamReliability';

export interface BlendedEstimate {
  mean: number;
  lower: number;
  upper: number;
  own: { s: number; f: number };
  team: { s: number; f: number };
  discount: number;
}

export interface Prior { alpha: number; beta: number }

/** Own success/failure weights recovered from a local estimate (mean and evidence fix them). */
export function ownCounts(e: Pick<ProviderEstimate, 'mean' | 'evidence'>, prior: Prior = { alpha: 2, beta: 2 }): { s: number; f: number } {
  const s = Math.max(0, e.mean * (prior.alpha + prior.beta + e.evidence) - prior.alpha);
  return { s, f: Math.max(0, e.evidence - s) };
}

export function blend(own: { s: number; f: number }, team: TeamCounts, discount: number, prior: Prior = { alpha: 2, beta: 2 }, level = 0.9): BlendedEstimate {
  const l = Math.min(1, Math.max(0, discount));
  const a = prior.alpha + own.s + l * team.s;
  const b = prior.beta + own.f + l * team.f;
  return { ...betaSummary(a, b, level), own, team: { s: team.s, f: team.f }, discount: l };
}
