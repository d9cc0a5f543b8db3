/** Position arithmetic for tracking a range through text edits. Pure; no document needed. */
import type { Position, Range } from 'vscode-languageserver-protocol';

export function cmp(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

/** The position just after `text` when it is inserted at `at`. */
export function advance(at: Position, text: string): Position {
  const lines = text.split('\n');
  const last = lines[lines.length - 1].length;
  return lines.length === 1 ? { line: at.line, character: at.character + last } : { line: at.line + lines.length - 1, character: last };
}

/** Where `p` (at or after `replaced.end`) ends up once `replaced` is replaced by `text`. */
export function shiftAfter(p: Position, replaced: Range, text: string): Position {
  const { start: s, end: e } = replaced;
  const end = advance(s, text);
  if (p.line === e.line) return { line: end.line, character: end.character + (p.character - e.character) };
  return { line: p.line + (end.line - s.line) - (e.line - s.line), character: p.character };
}

/** Offset inside `text` (which starts at `base`) of position `p`. */
export function offsetIn(text: string, base: Position, p: Position): number {
  const dl = p.line - base.line;
  if (dl <= 0) return Math.max(0, Math.min(text.length, p.character - base.character));
  let off = 0;
  for (let i = 0; i < dl; i++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return Math.min(text.length, off + p.character);
}
