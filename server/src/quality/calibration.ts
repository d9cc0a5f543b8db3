/**
 * Calibration of 0–100 scores against observed pass/fail: a reliability table,
 * the Brier score, rank-based ROC AUC and expected calibration error.
 */

export interface Scored {
  /** 0..100 */
  score: number;
  pass: boolean;
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  meanScore: number;
  passRate: number;
}

/** `bins` equal-width bins over 0..100; empty bins report NaN means. */
export function reliabilityTable(data: Scored[], bins = 10): ReliabilityBin[] {
  const out: ReliabilityBin[] = Array.from({ length: bins }, (_, i) => ({
    lo: (100 * i) / bins, hi: (100 * (i + 1)) / bins, count: 0, meanScore: 0, passRate: 0,
  }));
  for (const d of data) {
    const b = out[Math.min(bins - 1, Math.max(0, Math.floor((d.score / 100) * bins)))];
    b.count++;
    b.meanScore += d.score;
    b.passRate += d.pass ? 1 : 0;
  }
  for (const b of out) {
    b.meanScore = b.count ? b.meanScore / b.count : NaN;
    b.passRate = b.count ? b.passRate / b.count : NaN;
  }
  return out;
}

/** Mean squared error of score/100 against pass (0 is perfect). */
export function brierScore(data: Scored[]): number {
  if (data.length === 0) return NaN;
  return data.reduce((s, d) => s + (d.score / 100 - (d.pass ? 1 : 0)) ** 2, 0) / data.length;
}

/** Probability that a random passing result outscores a random failing one (ties count ½). */
export function auc(data: Scored[]): number {
  const sorted = [...data].sort((a, b) => a.score - b.score);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j].score === sorted[i].score) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k].pass) { pos++; rankSum += avgRank; }
    i = j;
  }
  const neg = sorted.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Expected calibration error over equal-width bins, in probability units (0..1). */
export function expectedCalibrationError(data: Scored[], bins = 10): number {
  if (data.length === 0) return NaN;
  return reliabilityTable(data, bins)
    .filter((b) => b.count > 0)
    .reduce((s, b) => s + (b.count / data.length) * Math.abs(b.meanScore / 100 - b.passRate), 0);
}

export interface CalibrationReport {
  n: number;
  table: ReliabilityBin[];
  brier: number;
  auc: number;
  ece: number;
}

export function calibrationReport(data: Scored[], bins = 10): CalibrationReport {
  return { n: data.length, table: reliabilityTable(data, bins), brier: brierScore(data), auc: auc(data), ece: expectedCalibrationError(data, bins) };
}
