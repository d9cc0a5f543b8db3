/**
 * The foreground ticket of a user request (scheduler/foregroundQueue.ts): its lane is the
 * document, so documents take turns; its key is the document plus the site, so a newer
 * request for the same site supersedes an older one. The site is the one the cache lookup
 * found (its start) when there was a lookup; otherwise the request's own range, or the
 * line of its position (two requests on one line target the same site).
 */
import type { FoundSite } from '../context/siteFinder';
import type { GenerateParams } from '../protocol';
import type { ForegroundTicket } from '../scheduler';

export function requestTicket(uri: string, params: Pick<GenerateParams, 'position' | 'range'>, found: FoundSite | undefined, signal: AbortSignal): ForegroundTicket {
  return { lane: uri, key: `${uri}#${siteKeyOf(params, found)}`, signal };
}

function siteKeyOf(params: Pick<GenerateParams, 'position' | 'range'>, found: FoundSite | undefined): string {
  if (found) return `site:${found.site.range.start.line}:${found.site.range.start.character}`;
  const r = params.range;
  if (r) return `range:${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  return `line:${params.position?.line ?? -1}`;
}
