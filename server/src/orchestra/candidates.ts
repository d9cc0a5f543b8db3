/**
 * Model answers -> site candidates: extract the code for the site (generation/extract.ts),
 * trim lines that merely repeat the text just before or after the site, drop answers that
 * are nothing but such repetition (or the site's own stub), and group normalised-identical
 * answers into one candidate that remembers every provider and sample that proposed it.
 */
import { normalizeCode } from '../consensus/normalize';
import type { FoundSite } from '../context/siteFinder';
import { extractCode } from '../generation/extract';

export interface Extracted {
  /** Code for the site, indented. */
  code: string;
  /** Normalised text: the agreement key. */
  key: string;
}

/** One distinct candidate (normalised-identical answers merged). */
export interface SiteCandidate {
  id: string;
  code: string;
  key: string;
  /** Distinct providers that proposed it, in arrival order. */
  providers: string[];
  /** One entry per answer (a vote): `${providerId}#${sample}`. */
  votes: { id: string; providerId: string }[];
}

const OVERLAP_LINES = 12;

/** Model text -> candidate code for `found`, or null when nothing new is left. */
export function extractCandidate(answer: string, text: string, found: FoundSite): Extracted | null {
  const raw = extractCode(answer, { shape: found.shape, indent: found.indent, symbol: found.site.symbol });
  const code = trimOverlap(raw, text.slice(0, found.start), text.slice(found.end));
  // Nothing left, or only punctuation (a repeated closing brace): nothing new.
  if (!/[\w$]/.test(code)) return null;
  const key = normalizeCode(code.trim()).text;
  const original = found.site.originalText.trim();
  if (original && normalizeCode(original).text === key) return null;
  return { code, key };
}

/** Removes leading lines equal to the end of `prefix` and trailing lines equal to the start of `suffix`. */
export function trimOverlap(code: string, prefix: string, suffix: string): string {
  let lines = code.split('\n');
  const before = significant(prefix.split('\n')).slice(-OVERLAP_LINES);
  const after = significant(suffix.split('\n')).slice(0, OVERLAP_LINES);
  const lead = longestOverlap(before, significantHead(lines));
  if (lead > 0) lines = dropSignificant(lines, lead, 'start');
  const trail = longestOverlap(significantTail(lines), after);
  if (trail > 0) lines = dropSignificant(lines, trail, 'end');
  return lines.join('\n').replace(/^\s*\n/, '').replace(/\s+$/, '');
}

function significant(lines: string[]): string[] {
  return lines.map((l) => l.trim()).filter((l) => l && l !== '{' && l !== '}');
}
function significantHead(lines: string[]): string[] {
  return lines.map((l) => l.trim()).filter(Boolean);
}
function significantTail(lines: string[]): string[] {
  return lines.map((l) => l.trim()).filter(Boolean);
}

/** Largest k such that the last k lines of `a` equal the first k lines of `b`. */
function longestOverlap(a: string[], b: string[]): number {
  const max = Math.min(a.length, b.length);
  for (let k = max; k > 0; k--) {
    const left = a.slice(a.length - k);
    const right = b.slice(0, k);
    if (left.every((l, i) => l === right[i]) && left.join('').length >= 6) return k;
  }
  return 0;
}

function dropSignificant(lines: string[], k: number, from: 'start' | 'end'): string[] {
  const out = from === 'start' ? [...lines] : [...lines].reverse();
  let dropped = 0;
  while (out.length && dropped < k) {
    if (out[0].trim()) dropped++;
    out.shift();
  }
  return from === 'start' ? out : out.reverse();
}

/** Groups answers by agreement key, first arrival first. */
export function groupCandidates(answers: { providerId: string; sample: number; value: Extracted }[]): SiteCandidate[] {
  const byKey = new Map<string, SiteCandidate>();
  for (const a of answers) {
    let c = byKey.get(a.value.key);
    if (!c) {
      c = { id: `c${byKey.size}`, code: a.value.code, key: a.value.key, providers: [], votes: [] };
      byKey.set(a.value.key, c);
    }
    if (!c.providers.includes(a.providerId)) c.providers.push(a.providerId);
    c.votes.push({ id: `${a.providerId}#${a.sample}`, providerId: a.providerId });
  }
  return [...byKey.values()];
}
