/**
 * Serving a cached result: the cached `code` is reused verbatim (shape and indentation are
 * part of the cache key), but the edit is ALWAYS rebuilt for the current document version
 * and the site's current range — never an old version's edit. The original evidence
 * (quality, consensus, providers, trace id) is kept; consensus hunk lines follow the site.
 */
import type { FoundSite } from '../context/siteFinder';
import type { GenerateResult } from '../protocol';

export interface CurrentDoc { uri: string; version: number }

export function servedResult(cached: GenerateResult, found: FoundSite, doc: CurrentDoc, totalMs = 0): GenerateResult {
  const lineDelta = found.site.range.start.line - cached.site.range.start.line;
  const out: GenerateResult = {
    ...cached,
    edit: { textDocument: { uri: doc.uri, version: doc.version }, edits: [{ range: found.site.range, newText: cached.code }] },
    site: found.site,
    timings: { totalMs, contextMs: totalMs, generationMs: 0 },
    fromCache: true,
  };
  if (cached.consensus && lineDelta !== 0) {
    out.consensus = {
      ...cached.consensus,
      hunks: cached.consensus.hunks.map((h) => ({
        ...h,
        winnerRange: { startLine: h.winnerRange.startLine + lineDelta, endLine: h.winnerRange.endLine + lineDelta },
      })),
    };
  }
  return out;
}
