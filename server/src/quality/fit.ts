/**
 * L2-regularised logistic regression by Newton's method (IRLS): small, deterministic
 * and dependency-free. Used offline by the benchmark to fit the quality weights.
 */

export interface LogisticModel {
  intercept: number;
  weights: number[];
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function predict(m: LogisticModel, x: number[]): number {
  return sigmoid(m.intercept + x.reduce((s, v, i) => s + v * (m.weights[i] ?? 0), 0));
}

/** Solves A x = b (A symmetric positive definite) by Gaussian elimination with pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    const d = M[c][c] || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / d;
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / (row[i] || 1e-12));
}

/** Fits y ~ sigmoid(b + w·x); `l2` penalises the weights (not the intercept). */
export function fitLogistic(X: number[][], y: number[], l2 = 1, iterations = 50): LogisticModel {
  if (X.length === 0) throw new RangeError('fitLogistic needs data');
  const d = X[0].length + 1;
  let beta = new Array<number>(d).fill(0);
  const rows = X.map((x) => [1, ...x]);
  for (let it = 0; it < iterations; it++) {
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    const g = new Array<number>(d).fill(0);
    rows.forEach((x, i) => {
      const p = sigmoid(x.reduce((s, v, j) => s + v * beta[j], 0));
      const w = Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j < d; j++) {
        g[j] += (p - y[i]) * x[j];
        for (let k = 0; k < d; k++) H[j][k] += w * x[j] * x[k];
      }
    });
    for (let j = 1; j < d; j++) {
      g[j] += l2 * beta[j];
      H[j][j] += l2;
    }
    H[0][0] += 1e-6;
    const step = solve(H, g);
    beta = beta.map((b, j) => b - step[j]);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { intercept: beta[0], weights: beta.slice(1) };
}
