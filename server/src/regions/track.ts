/**
 * One content change applied to one tracked region (golden-tested in
 * test/unit/regions/track.test.ts). Edits before the region move it; edits inside grow or
 * shrink it and count as edits to it; edits across a boundary clip it; an edit covering
 * the whole region deletes it. An insertion exactly at the start is outside (before), one
 * exactly at the end is outside (after).
 */
import type { Range } from 'vscode-languageserver-protocol';
import { advance, cmp, offsetIn, shiftAfter } from './positions';

export interface Tracked {
  range: Range;
  /** The region's current text (kept in step with the document). */
  text: string;
  /** Characters removed from or inserted into the region since it was created. */
  edited: number;
}

export interface RangeChange {
  range: Range;
  text: string;
}

/** The region after `change`, or null when the change removed it entirely. */
export function applyChange(r: Tracked, change: RangeChange): Tracked | null {
  const { start: s, end: e } = change.range;
  const { start: rs, end: re } = r.range;
  if (cmp(s, re) >= 0) return r; // after (or an insertion at the end)
  if (cmp(e, rs) <= 0) {
    // before (or an insertion at the start): shift both ends
    return { ...r, range: { start: shiftAfter(rs, change.range, change.text), end: shiftAfter(re, change.range, change.text) } };
  }
  if (cmp(s, rs) <= 0 && cmp(e, re) >= 0) return null; // the whole region replaced
  const a = cmp(s, rs) > 0 ? s : rs;
  const b = cmp(e, re) < 0 ? e : re;
  const la = offsetIn(r.text, rs, a);
  const lb = offsetIn(r.text, rs, b);
  const removed = lb - la;
  if (cmp(s, rs) >= 0) {
    // starts inside: the new text becomes part of the region (clipped at the end if it spans it)
    const text = r.text.slice(0, la) + change.text + r.text.slice(lb);
    return { text, edited: r.edited + removed + change.text.length, range: { start: rs, end: advance(rs, text) } };
  }
  // starts before, ends inside: the head is clipped, the new text lies before the region
  const text = r.text.slice(lb);
  const start = advance(s, change.text);
  return { text, edited: r.edited + removed, range: { start, end: advance(start, text) } };
}

/** Edited share above which a region's evidence is stale. */
export const STALE_SHARE = 0.5;

export function editedShare(edited: number, originalLength: number): number {
  return edited / Math.max(1, originalLength);
}
