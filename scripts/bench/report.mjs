// Text output of the benchmark.
export const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a');
export const num = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

export function printCalibration(title, rep) {
  console.log(`\n${title} (n=${rep.n})`);
  console.log('  bin        count  mean score  observed pass');
  for (const b of rep.table) {
    console.log(`  ${String(b.lo).padStart(3)}-${String(b.hi).padEnd(4)}  ${String(b.count).padStart(5)}  ${num(b.meanScore, 1).padStart(10)}  ${pct(b.passRate).padStart(13)}`);
  }
  console.log(`  Brier ${num(rep.brier)}   AUC ${num(rep.auc)}   ECE ${num(rep.ece)}`);
}
