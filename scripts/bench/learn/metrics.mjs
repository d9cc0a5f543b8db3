// Curves and the recovery measure for bench:learn.

/** Mean over seeds of the per-event pass indicators: one curve in [0, 1]. */
export function meanCurve(runs) {
  const n = runs[0].length;
  const out = new Float64Array(n);
  for (const r of runs) for (let t = 0; t < n; t++) out[t] += r[t];
  for (let t = 0; t < n; t++) out[t] /= runs.length;
  return out;
}

export const mean = (xs, from = 0, to = xs.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i];
  return s / Math.max(1, to - from);
};

/** Trailing rolling mean over `w` events (shorter at the start). */
export function rolling(curve, w = 100) {
  const out = new Float64Array(curve.length);
  let s = 0;
  for (let t = 0; t < curve.length; t++) {
    s += curve[t];
    if (t >= w) s -= curve[t - w];
    out[t] = s / Math.min(w, t + 1);
  }
  return out;
}

/**
 * Recovery: the number of events after the drift from which the rolling-100 pass rate
 * stays within `tolerance` of (or above) the post-drift steady state (the mean pass rate
 * over the last `steadyWindow` events) until the end. Also returns the dip (lowest
 * rolling-100 value after the drift).
 */
export function recovery(curve, driftAt, { tolerance = 0.02, steadyWindow = 1000, window = 100 } = {}) {
  const steady = mean(curve, curve.length - steadyWindow);
  const roll = rolling(curve, window);
  let last = driftAt - 1;
  let dip = Infinity;
  for (let t = driftAt; t < curve.length; t++) {
    if (roll[t] < steady - tolerance) last = t;
    dip = Math.min(dip, roll[t]);
  }
  return { steady, eventsToRecover: last + 1 - driftAt, dip };
}
