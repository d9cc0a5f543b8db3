/**
 * The client's view of a decision: ranked clusters (with their full insertion text) and
 * the hunks where runners-up differ from the winner, in document lines once the winner's
 * edit is applied. Bounded: at most MAX_CLUSTERS clusters.
 */
import type { Cluster } from '../consensus/cluster';
import type { Selection } from '../consensus/select';
import type { CandidateRun, ProbeInput, ProbeResult } from '../consensus/types';
import type { FoundSite } from '../context/siteFinder';
import type { ConsensusCluster, ConsensusHunk, ConsensusInfo } from '../protocol';
import type { SiteCandidate } from './candidates';
import { probeEvidence } from './evidence';
import { mergeHunks } from './hunks';
import type { TypeCheckVerdict } from './typecheck';

const MAX_CLUSTERS = 6;

export interface ViewInput {
  found: FoundSite;
  selection: Selection;
  runs: CandidateRun[];
  groupOfVote: Map<string, SiteCandidate>;
  inserts: Map<SiteCandidate, string>;
  verdicts: Map<SiteCandidate, TypeCheckVerdict | undefined>;
  executed: boolean;
  /** Probe inputs and the prompt's expected values (evidence), when executed. */
  inputs?: ProbeInput[];
  expected?: (string | undefined)[];
  /** Per input: every candidate threw on it alike (consensus/neutral.ts); not counted. */
  neutral?: boolean[];
}

/** The probes that count as evidence: those not rejected alike by every candidate. */
export function countedResults(results: ProbeResult[], neutral: boolean[] | undefined): ProbeResult[] {
  return results.filter((_, i) => !neutral?.[i]);
}

export function behaviourOf(
  cluster: Cluster, allResults: ProbeResult[] | undefined, executed: boolean, verdict?: TypeCheckVerdict, neutral?: boolean[],
): string {
  const typed = verdict === undefined ? '' : verdict.ok ? 'type-checks' : 'type errors';
  if (!executed) return ['not executed', typed].filter(Boolean).join('; ');
  if (cluster.signature === 'load-error' || !allResults) return ['failed to load', typed].filter(Boolean).join('; ');
  const results = countedResults(allResults, neutral);
  const rejected = allResults.length - results.length;
  const ok = results.filter((r) => r.status === 'ok').length;
  const threw = results.filter((r) => r.status === 'threw').length;
  const timeouts = results.filter((r) => r.status === 'timeout').length;
  const notRun = results.filter((r) => r.status === 'not-run').length;
  const parts = [results.length > 0 ? `${ok}/${results.length} probes ok` : 'no probe told the candidates apart'];
  if (rejected) parts.push(`${rejected} input${rejected === 1 ? '' : 's'} rejected by every candidate (not counted)`);
  if (threw) parts.push(`${threw} threw`);
  if (timeouts) parts.push(`${timeouts} timed out`);
  if (notRun) parts.push(`${notRun} not run (the process ended early)`);
  if (typed) parts.push(typed);
  return parts.join(', ');
}

export function consensusView(v: ViewInput): ConsensusInfo {
  const runOf = new Map(v.runs.map((r) => [r.candidateId, r]));
  const ranked = v.selection.ranked.slice(0, MAX_CLUSTERS);
  const clusters: ConsensusCluster[] = ranked.map((rc, i) => {
    const cand = v.groupOfVote.get(rc.representative)!;
    const run = runOf.get(rc.representative);
    const results = run?.loaded ? run.results : undefined;
    const verdict = v.verdicts.get(cand);
    const out: ConsensusCluster = {
      id: `k${i}`,
      size: rc.cluster.size,
      providers: rc.cluster.providers,
      behaviour: behaviourOf(rc.cluster, results, v.executed, verdict, v.neutral),
      representative: cand.code,
      insertText: v.inserts.get(cand)!,
      probesPassed: results ? countedResults(results, v.neutral).filter((r) => r.status === 'ok').length : 0,
      probesTotal: v.executed ? countedResults(run?.results ?? [], v.neutral).length : 0,
    };
    if (verdict) out.typeChecks = verdict.ok;
    return out;
  });
  const [winner, ...rest] = clusters;
  const base = v.found.site.range.start.line;
  const merged = mergeHunks(winner.insertText.split('\n'), rest.map((c) => ({ meta: c, lines: c.insertText.split('\n') })));
  const hunks: ConsensusHunk[] = merged.map((h) => ({
    winnerRange: { startLine: base + h.start, endLine: base + h.end },
    winnerText: winner.insertText.split('\n').slice(h.start, h.end).join('\n'),
    alternatives: h.variants.map((x) => ({
      clusterId: x.meta.id, text: x.text, providers: x.meta.providers, probesPassed: x.meta.probesPassed, probesTotal: x.meta.probesTotal,
    })),
  }));
  const info: ConsensusInfo = { clusters, winnerClusterId: winner.id, hunks };
  if (v.executed && v.inputs?.length) {
    info.probes = probeEvidence(v.inputs, v.expected ?? [], ranked.map((rc, i) => {
      const run = runOf.get(rc.representative);
      return { id: clusters[i].id, results: run?.loaded ? run.results : undefined };
    }), v.neutral);
  }
  return info;
}
