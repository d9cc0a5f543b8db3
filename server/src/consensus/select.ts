/**
 * Ranks behavioural clusters and picks the winner. The prompt's own examples are the
 * specification, so clusters are ordered first by how many of them they reproduce; only
 * then does the score decide: vote share (track-record weighted when weights are given)
 * plus how many distinct providers agree, discounted for probes that timed out (a hang
 * where another answer returns is evidence of a wrong loop), with textual agreement as a
 * tie-breaker. Clusters whose every probe threw or timed out (or that failed to load)
 * rank last. Ties break deterministically by size, then by the first member's position.
 */
import type { Cluster } from './cluster';
import { bagSimilarity, tokenBag, type TokenBag } from './normalize';
import type { Candidate } from './types';

export interface SelectOptions {
  /** Provider id → track record in [0, 1] (default: all equal). */
  providerWeights?: Record<string, number>;
  /** Canonical expected value per probe (aligned with the probe inputs); undefined when unknown. */
  expected?: (string | undefined)[];
  /** Use doc-example agreement (default true). */
  useDocExamples?: boolean;
  /** Use provider track record (default true when weights are given). */
  useTrackRecord?: boolean;
  /** Precomputed pairwise similarity, else computed with `textSimilarity`. */
  similarity?: (a: Candidate, b: Candidate) => number;
}

export interface ClusterComponents {
  sizeShare: number;
  providerShare: number;
  /** Weighted vote share (equals sizeShare when weights are equal). */
  voteShare: number;
  docPassed: number;
  docTotal: number;
  /** Mean track record of the member providers. */
  trackRecord: number;
  /** Mean textual similarity of members to every other candidate. */
  textAgreement: number;
  cleanShare: number;
  /** Share of probes that timed out. */
  timeoutShare: number;
  score: number;
}

export interface RankedCluster {
  cluster: Cluster;
  components: ClusterComponents;
  /** Member chosen to stand for the cluster. */
  representative: string;
}

export interface Selection {
  winner: RankedCluster;
  runnersUp: RankedCluster[];
  /** Every cluster, best first. */
  ranked: RankedCluster[];
}

const DEFAULT_WEIGHT = 0.5;
/** Score lost by a cluster whose every probe timed out (proportionally less for fewer). */
const TIMEOUT_PENALTY = 0.5;

function timeoutShareOf(cluster: Cluster): number {
  const n = cluster.results.length;
  return n === 0 ? 0 : cluster.results.filter((r) => r.status === 'timeout').length / n;
}

export function docAgreement(cluster: Cluster, expected: (string | undefined)[] | undefined) {
  let passed = 0;
  let total = 0;
  (expected ?? []).forEach((e, i) => {
    if (e === undefined) return;
    total++;
    const r = cluster.results[i];
    if (r && r.status === 'ok' && r.value === e) passed++;
  });
  return { passed, total };
}

/** Ranks the clusters of `candidates`; throws when there are none. */
export function selectCluster(candidates: Candidate[], clusters: Cluster[], opts: SelectOptions = {}): Selection {
  if (clusters.length === 0) throw new RangeError('selectCluster needs at least one cluster');
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const order = new Map(candidates.map((c, i) => [c.id, i]));
  const useTrack = opts.useTrackRecord ?? opts.providerWeights !== undefined;
  const weightOf = (providerId: string) => (useTrack ? opts.providerWeights?.[providerId] ?? DEFAULT_WEIGHT : DEFAULT_WEIGHT);
  // Each candidate is tokenised once (not once per pair): same values as textSimilarity.
  const bags = new Map<string, TokenBag>();
  const bagOf = (c: Candidate) => bags.get(c.code) ?? (bags.set(c.code, tokenBag(c.code)), bags.get(c.code)!);
  const sim = opts.similarity ?? ((a: Candidate, b: Candidate) => bagSimilarity(bagOf(a), bagOf(b)));
  const allProviders = new Set(candidates.map((c) => c.providerId));
  const totalWeight = candidates.reduce((s, c) => s + weightOf(c.providerId), 0) || 1;

  const agreementOf = (id: string): number => {
    const me = byId.get(id)!;
    const others = candidates.filter((c) => c.id !== id);
    return others.length === 0 ? 1 : others.reduce((s, o) => s + sim(me, o), 0) / others.length;
  };
  const memo = new Map<string, number>();
  const agreement = (id: string) => memo.get(id) ?? (memo.set(id, agreementOf(id)), memo.get(id)!);

  const ranked = clusters.map((cluster): RankedCluster => {
    const members = cluster.members;
    const weights = members.map((id) => weightOf(byId.get(id)!.providerId));
    const voteShare = weights.reduce((s, w) => s + w, 0) / totalWeight;
    const sizeShare = cluster.size / candidates.length;
    const providerShare = cluster.providers.length / allProviders.size;
    const doc = opts.useDocExamples === false ? { passed: 0, total: 0 } : docAgreement(cluster, opts.expected);
    const textAgreement = members.reduce((s, id) => s + agreement(id), 0) / members.length;
    const docFactor = doc.total === 0 ? 1 : 0.2 + 0.8 * (doc.passed / doc.total);
    const timeoutShare = timeoutShareOf(cluster);
    const score = (voteShare + 0.25 * providerShare) * docFactor * (1 - TIMEOUT_PENALTY * timeoutShare) + 0.02 * textAgreement;
    const representative = [...members].sort((a, b) =>
      weightOf(byId.get(b)!.providerId) - weightOf(byId.get(a)!.providerId)
      || agreement(b) - agreement(a) || order.get(a)! - order.get(b)!)[0];
    return {
      cluster,
      representative,
      components: {
        sizeShare, providerShare, voteShare, docPassed: doc.passed, docTotal: doc.total,
        trackRecord: weights.reduce((s, w) => s + w, 0) / weights.length,
        textAgreement, cleanShare: cluster.cleanShare, timeoutShare, score,
      },
    };
  });
  ranked.sort((a, b) =>
    Number(a.cluster.cleanShare === 0) - Number(b.cluster.cleanShare === 0)
    || b.components.docPassed - a.components.docPassed
    || b.components.score - a.components.score
    || b.cluster.size - a.cluster.size
    || order.get(a.cluster.members[0])! - order.get(b.cluster.members[0])!);
  return { winner: ranked[0], runnersUp: ranked.slice(1), ranked };
}
