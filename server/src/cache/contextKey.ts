/**
 * Cache keys from a site's LOCAL context: the enclosing declaration with the site region
 * masked (doc comment included), the file's import lines, the local types the declaration
 * references (transitively), the intent and the output shape — plus the document URI, the
 * site kind and a provider-set fingerprint. An edit elsewhere in the file keeps the key;
 * an edit to the signature, doc, imports or a used type changes it. Pure.
 */
import { createHash } from 'node:crypto';
import ts from 'typescript';
import type { Position } from 'vscode-languageserver-protocol';
import { findSite, type FoundSite, type SiteQuery } from '../context/siteFinder';
import { parseSource } from '../context/syntax';
import type { PredictedSite } from '../prediction/types';

const SITE_MARK = '\u0000SITE\u0000';

export interface LocalRegion {
  /** The declaration the site belongs to ([start, end) offsets; may be empty). */
  declStart: number;
  declEnd: number;
  /** The site's own range, masked out of the declaration. */
  maskStart: number;
  maskEnd: number;
  intent: string;
  /** Anything else the generated text depends on (shape, indentation...). */
  extra?: string;
}

export const sha = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 32);

/** The canonical local-context string (exposed for tests and diagnostics). */
export function localContext(sf: ts.SourceFile, r: LocalRegion): string {
  const text = sf.text;
  const start = Math.max(0, Math.min(r.declStart, r.maskStart));
  const end = Math.min(text.length, Math.max(r.declEnd, r.maskEnd));
  const decl = text.slice(start, r.maskStart) + SITE_MARK + text.slice(r.maskEnd, end);
  const imports = sf.statements.filter(ts.isImportDeclaration).map((s) => s.getText(sf));
  const types = referencedTypes(sf, `${decl}\n${r.intent}`, start, end);
  return [`decl:${decl}`, `intent:${r.intent}`, `extra:${r.extra ?? ''}`, `imports:${imports.join('\n')}`, `types:${types.join('\n')}`]
    .join('\n\u0001\n');
}

/** Interfaces, type aliases and enums referenced by `seed`, transitively, in file order. */
function referencedTypes(sf: ts.SourceFile, seed: string, skipStart: number, skipEnd: number): string[] {
  const decls = sf.statements
    .filter((s): s is ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.EnumDeclaration =>
      ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s))
    .filter((s) => s.end <= skipStart || s.getStart(sf) >= skipEnd)
    .map((s) => ({ name: s.name.text, text: s.getText(sf), used: false }));
  let frontier = seed;
  for (let changed = true; changed;) {
    changed = false;
    for (const d of decls) {
      if (!d.used && new RegExp(`\\b${d.name.replace(/[$]/g, '\\$')}\\b`).test(frontier)) {
        d.used = true;
        changed = true;
        frontier += `\n${d.text}`;
      }
    }
  }
  return decls.filter((d) => d.used).map((d) => d.text);
}

/** The key of a site found by findSite (what the generate path sees). */
export function keyForFound(uri: string, found: FoundSite, fingerprint: string): string {
  const decl = found.fn ?? found.region ?? found;
  const region: LocalRegion = {
    declStart: decl.start,
    declEnd: decl.end,
    maskStart: found.start,
    maskEnd: found.end,
    intent: found.site.intent,
    // Insertion sites: the interface/abstract declarations or the call sites (edits there invalidate).
    extra: JSON.stringify([found.shape, found.indent, found.closingIndent, found.site.symbol ?? '', found.related?.text ?? '']),
  };
  return cacheKey(uri, found.site.kind, sha(localContext(found.sourceFile, region)), fingerprint);
}

/**
 * THE key of the site a query reaches, whatever the path: a request (cursor or selection),
 * a code action, an inline completion, a refresh's prediction and the background job that
 * finds its site again all call this, so a site has one key (test/unit/pregen/siteKeys.test.ts).
 */
export function siteAt(uri: string, text: string, fileName: string, query: SiteQuery, fingerprint: string): { found: FoundSite; key: string } | null {
  const found = findSite(text, fileName, query);
  return found && { found, key: keyForFound(uri, found, fingerprint) };
}

/** The query that finds `found` again (what a background job asks the pipeline with). */
export function requeryOf(found: FoundSite): { position: Position } {
  return { position: found.resolveAt ?? found.site.range.start };
}

/**
 * The key of a predicted site. 'site' targets go through findSite at the predicted
 * position, so the key equals the one the generate path computes later.
 */
export function keyForPrediction(uri: string, text: string, fileName: string, site: PredictedSite, fingerprint: string): string | null {
  if (site.target === 'site' || site.target === 'insert') {
    return siteAt(uri, text, fileName, { position: site.position }, fingerprint)?.key ?? null;
  }
  const sf = parseSource(text, fileName);
  const o = site.offsets;
  const region: LocalRegion = {
    declStart: o.declStart, declEnd: o.declEnd, maskStart: o.start, maskEnd: o.end, intent: site.intent,
    extra: JSON.stringify([site.target, site.symbol ?? '', site.testFile ?? '']),
  };
  return cacheKey(uri, site.kind, sha(localContext(sf, region)), fingerprint);
}

export function cacheKey(uri: string, kind: string, contextHash: string, fingerprint: string): string {
  return `${uri}\n${kind}\n${contextHash}\n${fingerprint}`;
}

/** The document URI a key belongs to. */
export function uriOfKey(key: string): string {
  return key.slice(0, key.indexOf('\n'));
}

export interface FingerprintProvider {
  id: string; kind: string; model: string; baseURL?: string; maxTokens?: number; temperature?: number;
}

/** Hash of the provider set and the settings that shape the answer (never keys). */
export function providerFingerprint(providers: readonly FingerprintProvider[], settings: Record<string, unknown> = {}): string {
  const ps = [...providers]
    .map((p) => [p.id, p.kind, p.model, p.baseURL ?? '', p.maxTokens ?? null, p.temperature ?? null])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const s = Object.keys(settings).sort().map((k) => [k, settings[k]]);
  return sha(JSON.stringify([ps, s])).slice(0, 16);
}
