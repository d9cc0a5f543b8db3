/**
 * The CPU part of a pre-generation refresh, as one worker task (tasks.ts): predict the
 * sites of a file (prediction/predict.ts), resolve each 'site'/'insert' prediction with
 * findSite and key it (cache/contextKey.ts). Each parse and find takes 5-20 ms on a real
 * file. The result is plain data: FoundSite without its parsed tree (`sourceFile`, and
 * `fn.node`), which the main thread rebuilds lazily (pregen/siteTargets.ts). findSite
 * results are memoised for the last text per file, so a cursor move only re-ranks.
 */
import { siteAt } from '../cache/contextKey';
import type { FoundSite, FunctionInfo } from '../context/siteFinder';
import { predictSites } from '../prediction/predict';
import type { PredictedSite, PredictOptions } from '../prediction/types';

export interface SiteTargetsJob {
  uri: string;
  text: string;
  file: string;
  fingerprint: string;
  predict: PredictOptions;
}

/** A FoundSite as structured-clonable data. */
export type PlainFoundSite = Omit<FoundSite, 'sourceFile' | 'fn'> & { fn?: Omit<FunctionInfo, 'node'> };

export interface PlainSiteTarget { found: PlainFoundSite; key: string; score: number }

export interface SiteTargetsResult {
  /** Every predicted site, ranked ('test' targets included; the caller routes them). */
  predicted: PredictedSite[];
  /** Distinct targets of the non-test predictions, in rank order. */
  targets: PlainSiteTarget[];
}

const MEMO_FILES = 8;
/** Per file: the text last resolved and its findSite results (with their keys) by uri, fingerprint and position. */
const memo = new Map<string, { text: string; byPosition: Map<string, Omit<PlainSiteTarget, 'score'> | null> }>();

function memoFor(file: string, text: string): Map<string, Omit<PlainSiteTarget, 'score'> | null> {
  let m = memo.get(file);
  if (!m || m.text !== text) {
    memo.delete(file);
    m = { text, byPosition: new Map() };
    memo.set(file, m);
    if (memo.size > MEMO_FILES) memo.delete(memo.keys().next().value as string);
  }
  return m.byPosition;
}

/** FoundSite without the parsed tree, and its key (computed here, where the tree is). */
export function plainFound(found: FoundSite): PlainFoundSite {
  const { sourceFile: _sf, fn, ...rest } = found;
  if (!fn) return rest;
  const { node: _node, ...plainFn } = fn;
  return { ...rest, fn: plainFn };
}

export function siteTargets(job: SiteTargetsJob): SiteTargetsResult {
  const predicted = predictSites(job.text, job.file, job.predict);
  const byPosition = memoFor(job.file, job.text);
  const targets: PlainSiteTarget[] = [];
  const keys = new Set<string>();
  for (const s of predicted) {
    if (s.target === 'test') continue; // 'insert' targets resolve through findSite's missing-member/-function sites
    const at = `${job.uri}\n${job.fingerprint}\n${s.position.line}:${s.position.character}`;
    let entry = byPosition.get(at);
    if (entry === undefined) {
      const site = siteAt(job.uri, job.text, job.file, { position: s.position }, job.fingerprint);
      entry = site && { found: plainFound(site.found), key: site.key };
      byPosition.set(at, entry);
    }
    if (!entry || keys.has(entry.key)) continue;
    keys.add(entry.key);
    targets.push({ ...entry, score: s.score });
  }
  return { predicted, targets };
}
