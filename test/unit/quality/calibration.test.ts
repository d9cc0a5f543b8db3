import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auc, brierScore, calibrationReport, expectedCalibrationError, reliabilityTable } from '../../../server/src/quality/calibration';

const data = [
  { score: 95, pass: true }, { score: 85, pass: true }, { score: 85, pass: false },
  { score: 30, pass: false }, { score: 5, pass: false }, { score: 100, pass: true },
];

test('reliability table: 10 bins with count, mean score and observed pass rate', () => {
  const t = reliabilityTable(data);
  assert.equal(t.length, 10);
  assert.deepEqual([t[8].count, t[8].meanScore, t[8].passRate], [2, 85, 0.5]);
  assert.deepEqual([t[9].count, t[9].meanScore, t[9].passRate], [2, 97.5, 1]);
  assert.equal(t[0].count, 1);
  assert.ok(Number.isNaN(t[5].meanScore));
  assert.equal(t.reduce((s, b) => s + b.count, 0), data.length);
});

test('Brier score: 0 when perfect, 1 when confidently wrong', () => {
  assert.equal(brierScore([{ score: 100, pass: true }, { score: 0, pass: false }]), 0);
  assert.equal(brierScore([{ score: 0, pass: true }]), 1);
  assert.ok(Math.abs(brierScore([{ score: 80, pass: true }]) - 0.04) < 1e-12);
});

test('AUC is rank-based with ties counted as half', () => {
  assert.equal(auc([{ score: 90, pass: true }, { score: 10, pass: false }]), 1);
  assert.equal(auc([{ score: 10, pass: true }, { score: 90, pass: false }]), 0);
  assert.equal(auc([{ score: 50, pass: true }, { score: 50, pass: false }]), 0.5);
  // 3 passes vs 3 fails: pairs won 8 (85 vs 85 ties = 0.5) of 9.
  assert.ok(Math.abs(auc(data) - 8.5 / 9) < 1e-12);
  assert.ok(Number.isNaN(auc([{ score: 1, pass: true }])));
});

test('ECE is the count-weighted gap between mean score and pass rate', () => {
  assert.equal(expectedCalibrationError([{ score: 100, pass: true }, { score: 0, pass: false }]), 0);
  const e = expectedCalibrationError([{ score: 80, pass: true }, { score: 80, pass: false }]);
  assert.ok(Math.abs(e - 0.3) < 1e-12);
  const r = calibrationReport(data);
  assert.equal(r.n, 6);
  assert.ok(r.ece > 0 && r.ece < 1);
});
