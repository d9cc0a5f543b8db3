/**
 * The sites a refresh may pre-generate, resolved to their cache keys without holding the
 * language server's event loop: every findSite parses the whole file (5-20 ms on a real
 * file), so the resolution yields between sites and memoises per document text (a cursor
 * move re-ranks sites but does not re-parse them). `stale()` is asked after every yield;
 * when it turns true the refresh is dropped (a newer one is scheduled by the change).
 */
import { keyForFound } from '../cache';
import { findSite, type FoundSite } from '../context/siteFinder';
import type { PredictedSite } from '../prediction';
import { timedStage } from '../util/mainThreadStage';

export interface SiteTarget {
  found: FoundSite;
  key: string;
  score: number;
}

export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** findSite results for one document text, by position. */
export class SiteMemo {
  private text: string | undefined;
  private readonly byPosition = new Map<string, FoundSite | null>();

  /** The memoised result, or undefined when this position was not resolved for `text`. */
  get(text: string, line: number, character: number): FoundSite | null | undefined {
    if (text !== this.text) {
      this.text = text;
      this.byPosition.clear();
    }
    return this.byPosition.get(`${line}:${character}`);
  }

  set(line: number, character: number, found: FoundSite | null): void {
    this.byPosition.set(`${line}:${character}`, found);
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
    let found = memo.get(text, line, character);
    if (found === undefined) {
      await yieldToLoop();
      if (input.stale()) return undefined;
      found = timedStage('findSite', () => findSite(text, file, { position: s.position }));
      memo.set(line, character, found);
    }
    if (!found) continue;
    const key = keyForFound(uri, found, input.fingerprint);
    if (keys.has(key)) continue;
    keys.add(key);
    targets.push({ found, key, score: s.score });
  }
  return targets;
}
