/**
 * The selection benchmark's figures from judged tasks (pure). Definitions:
 *  - selection_pass_at_1: share of tasks whose chosen candidate passes (no choice = fail);
 *  - oracle: share of tasks where some candidate passes;
 *  - random_pick: mean over tasks of the share of the task's candidates that pass;
 *  - per_provider: mean over ALL tasks of the share of that provider's candidates that pass
 *    (0 for a task it gave nothing for); best_single_provider is the highest of these;
 *  - majority_text: pass rate of the most frequent normalised text (ties: earliest);
 *  - calibration: the chosen candidate's quality score against its pass, over chosen tasks.
 */
import { calibrationReport } from '../quality/calibration';

export interface JudgedCandidate {
  provider: string;
  line: number | null;
  /** Normalised text (agreement key for majority voting). */
  key: string;
  passed: boolean;
}

export interface JudgedTask {
  taskId: string;
  candidates: JudgedCandidate[];
  /** Index into `candidates` of the chosen one; null when nothing was chosen. */
  chosen: number | null;
  /** Quality score (0–100) of the chosen candidate. */
  quality: number | null;
  selectMs: number;
}

export interface CalibrationBucket { lo: number; hi: number; count: number; mean_score: number | null; pass_rate: number | null }

export interface BenchSelectionResult {
  tasks: number;
  selection_pass_at_1: number;
  oracle: number;
  random_pick: number;
  best_single_provider: number;
  best_provider: string | null;
  per_provider: Record<string, number>;
  majority_text: number;
  calibration: { brier: number | null; auc: number | null; ece: number | null; buckets: CalibrationBucket[] };
  median_select_ms: number | null;
  per_task: { task_id: string; chosen_line: number | null; passed: boolean; quality: number | null; select_ms: number }[];
}

const finite = (x: number): number | null => (Number.isFinite(x) ? round(x) : null);
const round = (x: number) => Math.round(x * 10000) / 10000;

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Index of the first member of the largest group of equal keys (ties: earliest group). */
export function majorityIndex(keys: string[]): number | null {
  const groups = new Map<string, { first: number; n: number }>();
  keys.forEach((k, i) => {
    const g = groups.get(k);
    if (g) g.n++;
    else groups.set(k, { first: i, n: 1 });
  });
  let best: { first: number; n: number } | undefined;
  for (const g of groups.values()) if (!best || g.n > best.n) best = g;
  return best ? best.first : null;
}

const chosenPassed = (t: JudgedTask) => t.chosen !== null && t.candidates[t.chosen].passed;

export function computeMetrics(rows: JudgedTask[]): BenchSelectionResult {
  const n = rows.length;
  const share = (f: (t: JudgedTask) => number) => (n ? round(rows.reduce((s, t) => s + f(t), 0) / n) : 0);
  const providers = [...new Set(rows.flatMap((t) => t.candidates.map((c) => c.provider)))].sort();
  const per_provider: Record<string, number> = {};
  for (const p of providers) {
    per_provider[p] = share((t) => {
      const mine = t.candidates.filter((c) => c.provider === p);
      return mine.length ? mine.filter((c) => c.passed).length / mine.length : 0;
    });
  }
  const best = providers.reduce<string | null>((b, p) => (b === null || per_provider[p] > per_provider[b] ? p : b), null);
  const scored = rows.filter((t) => t.chosen !== null && t.quality !== null).map((t) => ({ score: t.quality!, pass: chosenPassed(t) }));
  const cal = calibrationReport(scored, 10);
  return {
    tasks: n,
    selection_pass_at_1: share((t) => Number(chosenPassed(t))),
    oracle: share((t) => Number(t.candidates.some((c) => c.passed))),
    random_pick: share((t) => (t.candidates.length ? t.candidates.filter((c) => c.passed).length / t.candidates.length : 0)),
    best_single_provider: best === null ? 0 : per_provider[best],
    best_provider: best,
    per_provider,
    majority_text: share((t) => {
      const i = majorityIndex(t.candidates.map((c) => c.key));
      return i === null ? 0 : Number(t.candidates[i].passed);
    }),
    calibration: {
      brier: finite(cal.brier), auc: finite(cal.auc), ece: finite(cal.ece),
      buckets: cal.table.map((b) => ({ lo: b.lo, hi: b.hi, count: b.count, mean_score: finite(b.meanScore), pass_rate: finite(b.passRate) })),
    },
    median_select_ms: median(rows.filter((t) => t.candidates.length > 0).map((t) => t.selectMs)),
    per_task: rows.map((t) => ({
      task_id: t.taskId,
      chosen_line: t.chosen === null ? null : t.candidates[t.chosen].line,
      passed: chosenPassed(t),
      quality: t.quality,
      select_ms: t.selectMs,
    })),
  };
}
