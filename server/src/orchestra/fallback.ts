/**
 * Selection without execution: candidates are grouped by normalised text; a group that
 * fails the type check ranks after those that pass; within that, votes (track-record
 * weighted), distinct providers and textual agreement decide (consensus/select.ts).
 */
import type { Cluster } from '../consensus/cluster';
import { selectCluster, type Selection } from '../consensus/select';
import type { Candidate } from '../consensus/types';
import type { SiteCandidate } from './candidates';
import type { TypeCheckVerdict } from './typecheck';

export function textualClusters(cands: SiteCandidate[], verdicts: (TypeCheckVerdict | undefined)[]): Cluster[] {
  const clusters = cands.map((c, i): Cluster => ({
    signature: `text:${c.id}`,
    members: c.votes.map((v) => v.id),
    providers: [...c.providers].sort(),
    size: c.votes.length,
    cleanShare: verdicts[i]?.ok === false ? 0 : 1,
    results: [],
  }));
  return clusters.sort((a, b) => b.size - a.size);
}

export function selectWithoutExecution(
  cands: SiteCandidate[], verdicts: (TypeCheckVerdict | undefined)[], voteCandidates: Candidate[], providerWeights?: Record<string, number>,
): { clusters: Cluster[]; selection: Selection } {
  const clusters = textualClusters(cands, verdicts);
  return { clusters, selection: selectCluster(voteCandidates, clusters, { providerWeights }) };
}
