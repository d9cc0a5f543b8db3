/**
 * Where generated code sits once an edit is applied: the range and text of the main
 * inserted text (surrounding blank space trimmed), in the document after the edit. Pure.
 */
import type { Range, TextEdit } from 'vscode-languageserver-protocol';
import { advance, cmp, shiftAfter } from './positions';

export function insertedRegion(edits: readonly TextEdit[]): { range: Range; text: string } | undefined {
  const main = [...edits].sort((a, b) => b.newText.trim().length - a.newText.trim().length)[0];
  if (!main || !main.newText.trim()) return undefined;
  let start = main.range.start;
  const before = [...edits].filter((e) => e !== main && cmp(e.range.end, main.range.start) <= 0)
    .sort((a, b) => cmp(b.range.start, a.range.start));
  for (const e of before) start = shiftAfter(start, e.range, e.newText);
  const lead = main.newText.length - main.newText.trimStart().length;
  const text = main.newText.trim();
  const from = advance(start, main.newText.slice(0, lead));
  return { range: { start: from, end: advance(from, text) }, text };
}
