/**
 * Ranking: closeness to the cursor, recency of edits near the site, and how often this
 * user accepted suggestions of the site's kind (Laplace-smoothed). Pure and deterministic:
 * ties break by position, then kind.
 */
import type { LineMap } from '../util/lineMap';
import type { AcceptanceStats, Candidate, PredictedSite, RecentEdit } from './types';

export const WEIGHTS = { cursor: 0.5, recency: 0.3, acceptance: 0.2 } as const;
/** Lines at which cursor proximity has halved. */
const CURSOR_HALF_LINES = 10;
/** Lines at which an edit's proximity has halved. */
const EDIT_HALF_LINES = 5;
/** Edit recency decays with this time constant (ms). */
const EDIT_TAU_MS = 60_000;

export interface RankInput {
  lines: LineMap;
  cursor?: number;
  edits: RecentEdit[];
  now: number;
  acceptedByKind: Partial<Record<string, AcceptanceStats>>;
}

export function rankCandidates(cands: Candidate[], input: RankInput): PredictedSite[] {
  const sites = cands.map((c) => score(c, input));
  return sites.sort((a, b) => b.score - a.score || a.offsets.start - b.offsets.start || a.kind.localeCompare(b.kind) ||
    (a.symbol ?? '').localeCompare(b.symbol ?? ''));
}

/** Acceptance counts from several sources (this session's, the learned per-kind history), summed per kind. */
export function mergeAcceptance(...sources: (Partial<Record<string, AcceptanceStats>> | undefined)[]): Record<string, AcceptanceStats> {
  const out: Record<string, AcceptanceStats> = {};
  for (const src of sources) {
    for (const [kind, s] of Object.entries(src ?? {})) {
      if (!s || !Number.isFinite(s.accepted) || !Number.isFinite(s.shown)) continue;
      const o = (out[kind] ??= { accepted: 0, shown: 0 });
      o.accepted += Math.max(0, s.accepted);
      o.shown += Math.max(s.accepted, s.shown, 0);
    }
  }
  return out;
}

/** Laplace-smoothed acceptance rate: (accepted + 1) / (shown + 2). */
export function acceptanceRate(s: AcceptanceStats | undefined): number {
  const accepted = Math.max(0, s?.accepted ?? 0);
  const shown = Math.max(accepted, s?.shown ?? 0);
  return (accepted + 1) / (shown + 2);
}

function score(c: Candidate, input: RankInput): PredictedSite {
  const { lines } = input;
  const first = lines.positionAt(c.declStart).line;
  const last = lines.positionAt(c.declEnd).line;
  const lineGap = (offset: number): number => {
    const l = lines.positionAt(offset).line;
    return l < first ? first - l : l > last ? l - last : 0;
  };
  const reasons = [...c.reasons];

  let cursor = 0.5;
  if (input.cursor !== undefined) {
    const gap = lineGap(input.cursor);
    cursor = 1 / (1 + gap / CURSOR_HALF_LINES);
    reasons.push(gap === 0 ? 'cursor is on it' : `cursor ${gap} line${gap === 1 ? '' : 's'} away`);
  }

  let recency = 0;
  for (const e of input.edits) {
    const age = Math.max(0, input.now - e.time);
    const r = Math.exp(-age / EDIT_TAU_MS) / (1 + lineGap(e.offset) / EDIT_HALF_LINES);
    recency = Math.max(recency, r);
  }
  if (recency > 0.05) reasons.push(`recent edits nearby (${recency.toFixed(2)})`);

  const stats = input.acceptedByKind[c.kind];
  const acceptance = acceptanceRate(stats);
  if (stats && stats.shown > 0) reasons.push(`${c.kind} accepted ${stats.accepted}/${stats.shown}`);

  const total = WEIGHTS.cursor * cursor + WEIGHTS.recency * recency + WEIGHTS.acceptance * acceptance;
  const site: PredictedSite = {
    kind: c.kind,
    position: lines.positionAt(c.at),
    range: { start: lines.positionAt(c.start), end: lines.positionAt(c.end) },
    intent: c.intent,
    target: c.target,
    score: Math.round(total * 1e6) / 1e6,
    reasons,
    offsets: { start: c.start, end: c.end, declStart: c.declStart, declEnd: c.declEnd },
  };
  if (c.symbol) site.symbol = c.symbol;
  if (c.testFile) site.testFile = c.testFile;
  return site;
}
