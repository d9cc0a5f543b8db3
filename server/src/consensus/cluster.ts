/**
 * Behavioural clustering: each candidate's output signature is the tuple of its
 * per-probe status and value; candidates with identical signatures form a cluster.
 * A candidate that failed to load gets the 'load-error' signature.
 */
import { cleanShareOf } from './neutral';
import type { Candidate, CandidateRun, ProbeResult } from './types';

export const LOAD_ERROR = 'load-error';

export interface Cluster {
  signature: string;
  /** Candidate ids, in input order. */
  members: string[];
  /** Distinct provider ids, sorted. */
  providers: string[];
  size: number;
  /**
   * Share of the counted probes that ran without throwing or timing out (0 for load errors);
   * inputs every candidate threw on alike are not counted (neutral.ts).
   */
  cleanShare: number;
  /** The per-probe results shared by every member (empty for load errors). */
  results: ProbeResult[];
}

function resultKey(r: ProbeResult): string {
  // Errors are grouped by status only: messages differ by line numbers and names.
  return r.status === 'ok' ? `ok:${r.value ?? ''}` : r.status;
}

/** The output signature of one run. */
export function signatureOf(run: CandidateRun | undefined): string {
  if (!run || !run.loaded) return LOAD_ERROR;
  return JSON.stringify(run.results.map(resultKey));
}

/**
 * Clusters `candidates` by identical signature; ordered by size (desc), then first member.
 * `neutral`: per input, whether it is left out of the clean share (neutral.ts).
 */
export function clusterCandidates(candidates: Candidate[], runs: CandidateRun[], neutral?: boolean[]): Cluster[] {
  const byId = new Map(runs.map((r) => [r.candidateId, r]));
  const groups = new Map<string, { members: Candidate[]; run: CandidateRun | undefined }>();
  for (const c of candidates) {
    const run = byId.get(c.id);
    const sig = signatureOf(run);
    const g = groups.get(sig);
    if (g) g.members.push(c);
    else groups.set(sig, { members: [c], run });
  }
  const order = new Map(candidates.map((c, i) => [c.id, i]));
  const clusters = [...groups.entries()].map(([signature, g]): Cluster => {
    const results = signature === LOAD_ERROR || !g.run ? [] : g.run.results;
    return {
      signature,
      members: g.members.map((m) => m.id),
      providers: [...new Set(g.members.map((m) => m.providerId))].sort(),
      size: g.members.length,
      cleanShare: signature === LOAD_ERROR ? 0 : cleanShareOf(results, neutral),
      results,
    };
  });
  return clusters.sort((a, b) => b.size - a.size || order.get(a.members[0])! - order.get(b.members[0])!);
}
