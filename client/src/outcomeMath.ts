/**
 * Pure helpers of outcome capture (no `vscode`): how much of the inserted text was
 * changed, and how a tracked range moves under document edits.
 */

/** Share of `inserted` changed in `now`, in [0, 1] (1 - LCS ratio over tokens). */
export function editRatio(inserted: string, now: string): number {
  const a = tokens(inserted);
  const b = tokens(now);
  if (a.length === 0 && b.length === 0) return 0;
  if (a.length === 0 || b.length === 0) return 1;
  // LCS over tokens, O(n·m) with two rows (regions are small; capped to stay cheap).
  const A = a.slice(0, 2000);
  const B = b.slice(0, 2000);
  let prev = new Array<number>(B.length + 1).fill(0);
  for (let i = 1; i <= A.length; i++) {
    const cur = new Array<number>(B.length + 1).fill(0);
    for (let j = 1; j <= B.length; j++) cur[j] = A[i - 1] === B[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    prev = cur;
  }
  const lcs = prev[B.length];
  return Math.min(1, Math.max(0, 1 - (2 * lcs) / (A.length + B.length)));
}

function tokens(s: string): string[] {
  return s.match(/[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|\S/g) ?? [];
}

/** A tracked [start, end) offset range. */
export interface OffsetRange { start: number; end: number }

/** Moves `r` for a replacement of [offset, offset + length) by `text` (as TextDocumentContentChangeEvent). */
export function shiftRange(r: OffsetRange, offset: number, length: number, textLength: number): OffsetRange {
  const delta = textLength - length;
  const changeEnd = offset + length;
  if (changeEnd <= r.start) return { start: r.start + delta, end: r.end + delta }; // before: shift
  if (offset >= r.end) return r; // after: unchanged
  // Overlapping: the region absorbs the edit.
  const start = Math.min(r.start, offset);
  const end = Math.max(start, Math.max(r.end, changeEnd) + delta);
  return { start, end };
}

/** Classifies the outcome of an inserted text once the observation delay has passed. */
export function judge(inserted: string, now: string | undefined): { kind: 'accepted' | 'accepted-edited' | 'undone'; editRatio?: number } {
  if (now === undefined || now.trim() === '') return { kind: 'undone' };
  const ratio = editRatio(inserted, now);
  if (ratio < 0.02) return { kind: 'accepted' };
  if (ratio >= 0.98) return { kind: 'undone' };
  return { kind: 'accepted-edited', editRatio: Math.round(ratio * 1000) / 1000 };
}
