import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeMetrics, majorityIndex, median, type JudgedTask } from '../../../server/src/bench/metrics';

const c = (provider: string, key: string, passed: boolean, line: number) => ({ provider, key, passed, line });

// Task A: p1 right, p2 wrong (hang), p3 right; majority text is p2's twice-proposed wrong answer.
// Task B: only p3 right (a whole function); p1/p2 share the same wrong text; chosen = p3.
// Task C: nobody right; a syntax error; chosen wrong.
const ROWS: JudgedTask[] = [
  { taskId: 'A', candidates: [c('p1', 'x', true, 0), c('p2', 'w', false, 1), c('p2', 'w', false, 2), c('p3', 'y', true, 3)], chosen: 3, quality: 90, selectMs: 100 },
  { taskId: 'B', candidates: [c('p1', 'w', false, 4), c('p2', 'w', false, 5), c('p3', 'z', true, 6)], chosen: 2, quality: 60, selectMs: 300 },
  { taskId: 'C', candidates: [c('p1', 'u', false, 7), c('p2', 'v', false, 8)], chosen: 0, quality: 20, selectMs: 200 },
  { taskId: 'D', candidates: [], chosen: null, quality: null, selectMs: 0 },
];

test('figures: selection, oracle, random pick expectation, per provider, majority text', () => {
  const r = computeMetrics(ROWS);
  assert.equal(r.tasks, 4);
  assert.equal(r.selection_pass_at_1, 0.5); // A and B
  assert.equal(r.oracle, 0.5);
  // (2/4 + 1/3 + 0 + 0) / 4
  assert.equal(r.random_pick, Math.round(((2 / 4 + 1 / 3) / 4) * 10000) / 10000);
  assert.deepEqual(r.per_provider, { p1: 0.25, p2: 0, p3: 0.5 });
  assert.equal(r.best_single_provider, 0.5);
  assert.equal(r.best_provider, 'p3');
  // A: "w" twice (wrong); B: "w" twice (wrong); C: tie -> first (wrong).
  assert.equal(r.majority_text, 0);
  assert.equal(r.median_select_ms, 200); // D (no candidates) is left out
});

test('per_task maps the chosen index to its line in the candidates file', () => {
  const r = computeMetrics(ROWS);
  assert.deepEqual(r.per_task.map((t) => [t.task_id, t.chosen_line, t.passed, t.quality]), [
    ['A', 3, true, 90], ['B', 6, true, 60], ['C', 7, false, 20], ['D', null, false, null],
  ]);
});

test('calibration over chosen tasks: AUC 1 when scores rank passes first, Brier, buckets', () => {
  const r = computeMetrics(ROWS);
  assert.equal(r.calibration.auc, 1);
  assert.equal(r.calibration.brier, Math.round((((0.9 - 1) ** 2 + (0.6 - 1) ** 2 + 0.2 ** 2) / 3) * 10000) / 10000);
  assert.equal(r.calibration.buckets.length, 10);
  assert.deepEqual(r.calibration.buckets.filter((b) => b.count).map((b) => [b.lo, b.count, b.pass_rate]), [[20, 1, 0], [60, 1, 1], [90, 1, 1]]);
  assert.equal(r.calibration.buckets[0].mean_score, null); // empty bins are null, not NaN (valid JSON)
});

test('majorityIndex: largest group, earliest on ties; median', () => {
  assert.equal(majorityIndex(['a', 'b', 'b', 'a', 'c']), 0);
  assert.equal(majorityIndex(['a', 'b', 'b']), 1);
  assert.equal(majorityIndex([]), null);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([]), null);
});
