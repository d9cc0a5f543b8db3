/**
 * What was learned, as the report draws it: per-provider reliability (from the model),
 * acceptance and validation rate per bucket of generations over time (from the outcome
 * log), and the repair loop's success rate and tokens (from the repair log). Pure.
 */
import { acceptanceShare, type OutcomeEvent, type ReliabilitySummary } from '../learning';
import type { LearningBucket, LearningSummary, RepairStats } from '../protocol';
import type { RepairRun } from './repairLog';

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : undefined);

/** Buckets of `size` generations, in the order each generation's first outcome arrived. */
export function outcomeBuckets(events: OutcomeEvent[], size: number): LearningBucket[] {
  const order: string[] = [];
  const byResult = new Map<string, OutcomeEvent[]>();
  for (const e of [...events].sort((a, b) => a.time - b.time)) {
    let list = byResult.get(e.resultId);
    if (!list) {
      list = [];
      byResult.set(e.resultId, list);
      order.push(e.resultId);
    }
    list.push(e);
  }
  const out: LearningBucket[] = [];
  for (let i = 0; i < order.length; i += size) {
    const evs = order.slice(i, i + size).flatMap((id) => byResult.get(id)!);
    const shares = evs.map(acceptanceShare).filter((x): x is number => x !== undefined);
    const pass = evs.filter((e) => e.kind === 'validated-pass').length;
    const validated = pass + evs.filter((e) => e.kind === 'validated-fail').length;
    const b: LearningBucket = { from: i + 1, generations: Math.min(size, order.length - i), userOutcomes: shares.length, validated };
    const acc = mean(shares);
    if (acc !== undefined) b.acceptance = acc;
    if (validated > 0) b.validation = pass / validated;
    out.push(b);
  }
  return out;
}

export function repairStats(runs: RepairRun[], size: number): RepairStats {
  const fixed = runs.filter((r) => r.fixed).length;
  const tokens = runs.reduce((s, r) => s + r.tokens, 0);
  const stats: RepairStats = {
    runs: runs.length, fixed, iterations: runs.reduce((s, r) => s + r.iterations, 0), tokens, buckets: [],
  };
  if (runs.length) {
    stats.successRate = fixed / runs.length;
    stats.meanTokens = tokens / runs.length;
  }
  for (let i = 0; i < runs.length; i += size) {
    const part = runs.slice(i, i + size);
    stats.buckets.push({ from: i + 1, runs: part.length, fixed: part.filter((r) => r.fixed).length, tokens: part.reduce((s, r) => s + r.tokens, 0) });
  }
  return stats;
}

export function learningSummary(
  enabled: boolean, model: ReliabilitySummary, events: OutcomeEvent[], runs: RepairRun[], bucketSize = 100,
): LearningSummary {
  const size = Math.max(1, Math.floor(bucketSize));
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return {
    enabled,
    events: model.events,
    halfLifeEvents: model.halfLifeEvents,
    level: model.level,
    bucketSize: size,
    providers: model.providers.map((p) => ({ providerId: p.providerId, mean: p.mean, lower: p.lower, upper: p.upper, evidence: p.evidence, events: p.events })),
    kinds: model.kinds,
    buckets: outcomeBuckets(events, size),
    repair: repairStats(runs, size),
    counts,
  };
}
