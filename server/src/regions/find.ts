/**
 * Re-validating a region against a document's full text (after a reload, a full-text
 * change, or a late registration): keep it where it is when the text still matches,
 * otherwise move it to the nearest occurrence of its text, otherwise drop it.
 */
import type { Range } from 'vscode-languageserver-protocol';
import { advance } from './positions';

export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export function offsetAt(text: string, p: { line: number; character: number }): number {
  let off = 0;
  for (let l = 0; l < p.line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  const nl = text.indexOf('\n', off);
  const lineEnd = nl < 0 ? text.length : nl;
  return Math.min(lineEnd, off + p.character);
}

/** The range of `needle` in `doc` nearest to `near`, or undefined when it is not there. */
export function relocate(doc: string, needle: string, near: Range): Range | undefined {
  if (!needle) return undefined;
  const expected = offsetAt(doc, near.start);
  if (doc.startsWith(needle, expected)) return { start: positionAt(doc, expected), end: advance(positionAt(doc, expected), needle) };
  let best = -1;
  for (let i = doc.indexOf(needle); i >= 0; i = doc.indexOf(needle, i + 1)) {
    if (best < 0 || Math.abs(i - expected) < Math.abs(best - expected)) best = i;
  }
  if (best < 0) return undefined;
  const start = positionAt(doc, best);
  return { start, end: advance(start, needle) };
}
