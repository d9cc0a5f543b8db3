/** Human-readable text of a selection benchmark result. */
import type { BenchSelectionResult } from './metrics';

const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? 'n/a' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | null, d = 3) => (x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));

export function formatReport(r: BenchSelectionResult): string {
  const lines = [
    `tasks                 ${r.tasks}`,
    `selection pass@1      ${pct(r.selection_pass_at_1)}`,
    `oracle                ${pct(r.oracle)}   (some candidate passes)`,
    `random pick           ${pct(r.random_pick)}   (expected)`,
    `best single provider  ${pct(r.best_single_provider)}   (${r.best_provider ?? 'none'})`,
    `majority text         ${pct(r.majority_text)}`,
    `per provider          ${Object.entries(r.per_provider).map(([p, v]) => `${p} ${pct(v)}`).join(', ') || 'none'}`,
    `calibration           Brier ${num(r.calibration.brier)}   AUC ${num(r.calibration.auc)}   ECE ${num(r.calibration.ece)}`,
    '  score bin   count  mean score  pass rate',
    ...r.calibration.buckets.filter((b) => b.count > 0).map((b) =>
      `  ${String(b.lo).padStart(3)}-${String(b.hi).padEnd(4)}  ${String(b.count).padStart(6)}  ${num(b.mean_score, 1).padStart(10)}  ${pct(b.pass_rate).padStart(9)}`),
    `median select time    ${r.median_select_ms === null ? 'n/a' : `${r.median_select_ms} ms`} per task`,
  ];
  return `${lines.join('\n')}\n`;
}
