/** The benchmark end to end on inline tasks, with the real sandbox (a hang and a syntax error included). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordedSource, runBenchSelection } from '../../../server/src/bench/run';
import { TASKS, asCandidates } from './fixtures';

test('selects by behaviour with the prompt only, then judges every candidate with the hidden tests', async () => {
  const r = await runBenchSelection({
    tasks: TASKS, candidates: recordedSource(asCandidates()), signal: new AbortController().signal, judgeWallMs: 2000,
  });
  assert.equal(r.tasks, 2);
  // add: the doc example (add(2, 3) = 5) and the agreeing pair beat a - b and the hang.
  assert.ok([0, 2].includes(r.per_task[0].chosen_line!), `chose line ${r.per_task[0].chosen_line}`);
  assert.equal(r.per_task[0].passed, true);
  // max: no doc example; the two identical "xs[0]" answers outvote the lone (right) whole function.
  assert.ok([4, 5].includes(r.per_task[1].chosen_line!), `chose line ${r.per_task[1].chosen_line}`);
  assert.equal(r.per_task[1].passed, false);
  assert.equal(r.selection_pass_at_1, 0.5);
  assert.equal(r.oracle, 1);
  // add: 2 of 4 pass; max: only the whole function passes (1 of 4).
  assert.equal(r.random_pick, 0.375);
  // p1: add 1/1, max 0/2; p2: 0/2 and 0/1; p3: 1/1 and 1/1 (the whole function runs without the prompt).
  assert.deepEqual(r.per_provider, { p1: 0.5, p2: 0, p3: 1 });
  assert.equal(r.best_single_provider, 1);
  // add: four distinct texts, the first (a + b) passes; max: "return xs[0]" is the most frequent and fails.
  assert.equal(r.majority_text, 0.5);
  for (const t of r.per_task) assert.ok(typeof t.quality === 'number' && t.quality >= 0 && t.quality <= 100);
  assert.ok(r.median_select_ms !== null && r.median_select_ms > 0);
});
