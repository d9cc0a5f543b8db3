/**
 * Turns the server's inline item ("replace the site's range with this body", a range that
 * spans lines) into an equivalent edit VS Code can show as ghost text: its range lies on the
 * cursor's line and touches the cursor (VS Code requires an inline item's range to begin and
 * end on one line, and shows ghost text only at the cursor). Pure — no `vscode` import — so
 * it is unit-tested in plain Node. Offsets are into the document's text.
 */

export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

const isBlank = (s: string): boolean => /^[ \t]*$/.test(s);

/**
 * The edit replacing [`start`, `end`) of `text` with `newText`, re-expressed so that applying
 * it yields the same document but its range is on the cursor's line and contains `cursor`;
 * undefined when the cursor is outside the range or no such edit exists (nothing to offer).
 */
export function anchorAtCursor(text: string, site: OffsetEdit, cursor: number): OffsetEdit | undefined {
  const { start, end, text: newText } = site;
  if (cursor < start || cursor > end) return undefined;
  const rewrite = (from: number, to: number): OffsetEdit | undefined => {
    const before = text.slice(start, from);
    const after = text.slice(to, end);
    if (before.length + after.length > newText.length || !newText.startsWith(before) || !newText.endsWith(after)) return undefined;
    const middle = newText.slice(before.length, newText.length - after.length);
    return middle.length > 0 || from !== to ? { start: from, end: to, text: middle } : undefined;
  };
  // 1. A pure insertion at the cursor (the body's text around the cursor is kept as is).
  const insertion = rewrite(cursor, cursor);
  if (insertion && insertion.text.length > 0) return insertion;
  // 2. The cursor is on a blank line (or its indentation) inside the body: replace that
  //    line's whitespace, so a body indented differently from the blank line still fits.
  const lineStart = text.lastIndexOf('\n', cursor - 1) + 1;
  let lineEnd = text.indexOf('\n', cursor);
  if (lineEnd < 0) lineEnd = text.length;
  if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
  const from = Math.max(start, lineStart);
  const to = Math.min(end, lineEnd);
  if (from > cursor || to < cursor || !isBlank(text.slice(from, to))) return undefined;
  const edit = rewrite(from, to);
  return edit && edit.text.length > 0 ? edit : undefined;
}

/** `newText` with its line breaks in the document's style (`\r\n` or `\n`). */
export function withEol(newText: string, eol: '\n' | '\r\n'): string {
  return newText.replace(/\r?\n/g, eol);
}
