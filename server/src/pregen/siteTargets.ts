/**
 * The sites a refresh may pre-generate, resolved to their cache keys without holding the
 * language server's event loop: every findSite parses the whole file (5-20 ms on a real
 * file), so the resolution yields between sites and memoises per document text (a cursor
 * move re-ranks sites but does not re-parse them). `stale()` is asked after every yield;
 * when it turns true the refresh is dropped (a newer one is scheduled by the change).
 * With the worker thread (workers/siteTargetsTask.ts), prediction, site finding and keys
 * are all computed there, and the main thread only rebuilds the sites (their parsed tree
 * lazily, when a job's prompt needs it).
 */
import { siteAt } from '../cache';
import type { FoundSite, FunctionInfo } from '../context/siteFinder';
import { functionsInside, parseSource } from '../context/syntax';
import { predictSites, type PredictedSite, type PredictOptions } from '../prediction';
import { isGenerationCancelled } from '../util/errors';
import { markStage, timedStage } from '../util/mainThreadStage';
import type { PlainFoundSite, SiteTargetsJob, SiteTargetsResult } from '../workers/siteTargetsTask';
import { offThread, typeCheckPool } from '../workers/typecheckPool';

export interface SiteTarget {
  found: FoundSite;
  key: string;
  score: number;
}

export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type Resolved = { found: FoundSite; key: string };

/** siteAt results (site and key) for one document text, by position. */
export class SiteMemo {
  private text: string | undefined;
  private readonly byPosition = new Map<string, Resolved | null>();

  /** The memoised result, or undefined when this position was not resolved for `text`. */
  get(text: string, line: number, character: number): Resolved | null | undefined {
    if (text !== this.text) {
      this.text = text;
      this.byPosition.clear();
    }
    return this.byPosition.get(`${line}:${character}`);
  }

  set(line: number, character: number, at: Resolved | null): void {
    this.byPosition.set(`${line}:${character}`, at);
  }
}

/** Distinct site targets, in the order of `sites`; undefined when `stale()` turned true. */
export async function resolveTargets(input: {
  uri: string; text: string; file: string; fingerprint: string; sites: PredictedSite[]; memo: SiteMemo; stale: () => boolean;
}): Promise<SiteTarget[] | undefined> {
  const { uri, text, file, memo } = input;
  const targets: SiteTarget[] = [];
  const keys = new Set<string>();
  for (const s of input.sites) {
    const { line, character } = s.position;
    let at = memo.get(text, line, character);
    if (at === undefined) {
      await yieldToLoop();
      if (input.stale()) return undefined;
      at = timedStage('findSite', () => siteAt(uri, text, file, { position: s.position }, input.fingerprint));
      memo.set(line, character, at);
    }
    if (!at) continue;
    const { found, key } = at;
    if (keys.has(key)) continue;
    keys.add(key);
    targets.push({ found, key, score: s.score });
  }
  return targets;
}

export interface RefreshTargets {
  /** Every predicted site, ranked. */
  predicted: PredictedSite[];
  /** Distinct targets of the non-test predictions. */
  targets: SiteTarget[];
}

/**
 * A refresh's prediction and site targets: in the worker thread when there is one, else
 * in-process (prediction, then one findSite per turn). Undefined when `stale()` turned true.
 */
export async function predictTargets(input: {
  uri: string; text: string; file: string; fingerprint: string; predict: PredictOptions; memo: SiteMemo; stale: () => boolean;
  /** Runs the step in the background worker (background/pipeline.ts `task`); undefined there = no worker: as below. */
  run?: (job: SiteTargetsJob) => Promise<SiteTargetsResult> | undefined;
}): Promise<RefreshTargets | undefined> {
  const { uri, text, file, fingerprint } = input;
  const job = { uri, text, file, fingerprint, predict: input.predict };
  const elsewhere = input.run?.(job) ?? (typeCheckPool().mode === 'worker' ? offThread('siteTargets', job) : undefined);
  if (elsewhere) {
    let out;
    try {
      out = await elsewhere;
    } catch (e) {
      if (isGenerationCancelled(e)) return undefined;
      throw e;
    }
    if (input.stale()) return undefined;
    markStage('siteTargets.rebuild');
    return { predicted: out.predicted, targets: out.targets.map((t) => ({ ...t, found: rebuildFound(t.found, text, file) })) };
  }
  const predicted = timedStage('predictSites', () => predictSites(text, file, input.predict));
  const sites = predicted.filter((s) => s.target !== 'test'); // 'insert' targets resolve through findSite's missing-member/-function sites
  const targets = await resolveTargets({ uri, text, file, fingerprint, sites, memo: input.memo, stale: input.stale });
  return targets && { predicted, targets };
}

/** A site found in the worker, with its parsed tree rebuilt on first use (parseSource keeps recent parses). */
export function rebuildFound(plain: PlainFoundSite, text: string, file: string): FoundSite {
  const lazy = <T extends object>(o: T, prop: string, get: () => unknown): T =>
    Object.defineProperty(o, prop, { get, enumerable: true, configurable: true });
  const found = lazy({ ...plain } as FoundSite, 'sourceFile', () => parseSource(text, file));
  if (plain.fn) {
    const { start, end } = plain.fn; // the declaration: its outermost function is the one
    found.fn = lazy({ ...plain.fn } as FunctionInfo, 'node', () => functionsInside(parseSource(text, file), start, end)[0]);
  }
  return found;
}
