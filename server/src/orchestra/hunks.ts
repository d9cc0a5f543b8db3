/**
 * Where alternatives differ from the winner, as hunks over the winner's lines. A plain LCS
 * line diff (candidates are small); hunks of different alternatives over the same winner
 * lines are merged so each hunk lists every variant proposed for those lines.
 */

export interface LineChange {
  /** Winner lines [start, end) replaced (end === start: an insertion before `start`). */
  start: number;
  end: number;
  /** The alternative's lines for that region. */
  lines: string[];
}

/** Changes turning `a` into `b`, by lines (trailing whitespace ignored). */
export function lineChanges(a: string[], b: string[]): LineChange[] {
  const eq = (x: string, y: string) => x.trimEnd() === y.trimEnd();
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = eq(a[i], b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  let open: LineChange | undefined;
  const close = () => {
    if (open) out.push(open);
    open = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && eq(a[i], b[j])) {
      close();
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      open ??= { start: i, end: i, lines: [] };
      open.lines.push(b[j++]);
    } else {
      open ??= { start: i, end: i, lines: [] };
      open.end = ++i;
    }
  }
  close();
  return out;
}

export interface Variant<T> { meta: T; text: string }
export interface MergedHunk<T> { start: number; end: number; variants: Variant<T>[] }

/**
 * Hunks of several alternatives against one winner: overlapping winner regions are merged,
 * and each alternative's text for the merged region is rebuilt from its own changes.
 */
export function mergeHunks<T>(winner: string[], alternatives: { meta: T; lines: string[] }[]): MergedHunk<T>[] {
  const perAlt = alternatives.map((alt) => ({ alt, changes: lineChanges(winner, alt.lines) }));
  const regions: { start: number; end: number }[] = [];
  for (const { changes } of perAlt) for (const c of changes) regions.push({ start: c.start, end: Math.max(c.end, c.start + 1) });
  regions.sort((x, y) => x.start - y.start);
  const merged: { start: number; end: number }[] = [];
  for (const r of regions) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged.map((r) => {
    const end = Math.min(r.end, winner.length);
    const variants: Variant<T>[] = [];
    for (const { alt, changes } of perAlt) {
      const inside = changes.filter((c) => c.start >= r.start && c.start < Math.max(r.end, r.start + 1));
      if (!inside.length) continue;
      const lines: string[] = [];
      let k = r.start;
      for (const c of inside) {
        lines.push(...winner.slice(k, c.start), ...c.lines);
        k = c.end;
      }
      lines.push(...winner.slice(k, end));
      variants.push({ meta: alt.meta, text: lines.join('\n') });
    }
    return { start: r.start, end, variants };
  });
}
