/**
 * predictSites: where in this file the user is likely to ask for code next, ranked.
 * Pure: text + editing signals in, PredictedSite[] out. The caller decides when to run
 * it (open, change, idle) and what to pre-generate.
 */
import { parseSource } from '../context/syntax';
import { LineMap } from '../util/lineMap';
import { missingFunctionCandidates } from './missingFunctions';
import { missingMemberCandidates } from './missingMembers';
import { missingTestCandidates } from './missingTests';
import { rankCandidates } from './rank';
import { siteCandidates } from './siteCandidates';
import type { Candidate, PredictedSite, PredictOptions, RecentEdit } from './types';

const DEFAULT_LIMIT = 20;

export function predictSites(text: string, fileName: string, opts: PredictOptions = {}): PredictedSite[] {
  const sf = parseSource(text, fileName);
  const lines = new LineMap(text);
  const edits = (opts.recentEdits ?? []).filter((e) => Number.isFinite(e.offset) && Number.isFinite(e.time));
  const latestEdit = latest(edits);
  const now = opts.now ?? latestEdit?.time ?? 0;

  const cands: Candidate[] = [
    ...siteCandidates({ text, fileName, sf, lines, latestEdit }),
    ...missingMemberCandidates(sf),
    ...missingFunctionCandidates(sf),
    ...missingTestCandidates(sf, fileName, opts.testFile),
  ];
  const cursor = opts.cursor === undefined ? undefined
    : typeof opts.cursor === 'number' ? Math.max(0, Math.min(opts.cursor, text.length)) : lines.offsetAt(opts.cursor);
  const ranked = rankCandidates(cands, { lines, cursor, edits, now, acceptedByKind: opts.acceptedByKind ?? {} });
  return ranked.slice(0, Math.max(0, opts.limit ?? DEFAULT_LIMIT));
}

/** The most recent edit (the later one on equal times, as given). */
function latest(edits: RecentEdit[]): RecentEdit | undefined {
  let best: RecentEdit | undefined;
  for (const e of edits) if (!best || e.time >= best.time) best = e;
  return best;
}
