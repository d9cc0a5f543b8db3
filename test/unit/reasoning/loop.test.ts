import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repairLoop, type RepairBatch, type RepairIteration } from '../../../server/src/reasoning/loop';
import type { SelectionOutcome } from '../../../server/src/reasoning/outcome';
import type { Candidate } from '../../../server/src/consensus/types';
import { failingDoc, fakeOutcome } from './helpers';

const passing = (score = 90) => fakeOutcome({
  code: 'function f(x) { return 2 * x; }', score, signature: 'sig:2',
  inputs: [{ args: [1], source: 'doc', expected: { value: 2 } }], expected: ['2'], results: [{ status: 'ok', value: '2' }],
});
const cand = (code: string): Candidate[] => [{ id: code, providerId: 'p', code }];
const batch = (code: string, tokens = 100): RepairBatch => ({ candidates: cand(code), tokens });

test('converges when the repaired result passes the score threshold', async () => {
  const seen: RepairIteration[] = [];
  const outcomes = [failingDoc('3', 45), passing()];
  let k = 0;
  const r = await repairLoop({
    initial: failingDoc('1', 40),
    generateRepairs: async (fb) => batch(`v${k}:${fb.items[0].actual}`),
    evaluate: async () => outcomes[k++],
    scoreThreshold: 80,
    onIteration: (it) => seen.push(it),
  });
  assert.equal(r.stopReason, 'score');
  assert.equal(r.iterations.length, 2);
  assert.equal(r.final.quality.score, 90);
  assert.equal(r.tokens, 200);
  assert.deepEqual(seen.map((i) => [i.scoreBefore, i.scoreAfter, i.improved]), [[40, 45, true], [45, 90, true]]);
  assert.equal(seen[1].feedback.items[0].actual, '3');
});

test('an initial result at the threshold is not repaired', async () => {
  let calls = 0;
  const r = await repairLoop({ initial: passing(85), generateRepairs: async () => { calls++; return batch('x'); }, evaluate: async () => passing(), scoreThreshold: 80 });
  assert.equal(r.stopReason, 'score');
  assert.equal(calls, 0);
});

test('converges when the same behaviour cluster wins twice in a row', async () => {
  const r = await repairLoop({
    initial: failingDoc('1', 40),
    generateRepairs: async () => batch('function f(x) { return 1 + 0; }'),
    evaluate: async () => failingDoc('1', 41, 'function f(x) { return 1 + 0; }'),
    budget: { maxIterations: 10 },
  });
  assert.equal(r.stopReason, 'converged');
  assert.equal(r.iterations.length, 1);
  assert.equal(r.final.code, 'function f(x) { return 1 + 0; }');
});

test('nothing visibly wrong: no repair is requested', async () => {
  const r = await repairLoop({ initial: passing(50), generateRepairs: async () => assert.fail('called'), evaluate: async () => assert.fail('called') });
  assert.equal(r.stopReason, 'no-feedback');
  assert.equal(r.iterations.length, 0);
});

/** Each repair returns a new wrong behaviour, so only a budget can stop the loop. */
function endlessWrong(now?: { t: number; step: number }) {
  let k = 0;
  return {
    generateRepairs: async (): Promise<RepairBatch> => { if (now) now.t += now.step; return batch(`w${++k}`, 1000); },
    evaluate: async (): Promise<SelectionOutcome> => failingDoc(String(10 + k), 40 + k, `w${k}`),
  };
}

test('budget: iterations', async () => {
  const r = await repairLoop({ initial: failingDoc('1', 40), ...endlessWrong(), budget: { maxIterations: 4, maxTokens: 1e9 } });
  assert.equal(r.stopReason, 'max-iterations');
  assert.equal(r.iterations.length, 4);
  assert.equal(r.final.code, 'w4');
});

test('budget: tokens', async () => {
  const r = await repairLoop({ initial: failingDoc('1', 40), ...endlessWrong(), budget: { maxIterations: 100, maxTokens: 2500 } });
  assert.equal(r.stopReason, 'max-tokens');
  assert.equal(r.iterations.length, 3);
  assert.equal(r.tokens, 3000);
});

test('budget: time, with an injected clock', async () => {
  const clock = { t: 0, step: 400 };
  const r = await repairLoop({
    initial: failingDoc('1', 40), ...endlessWrong(clock), now: () => clock.t,
    budget: { maxIterations: 100, maxTokens: 1e9, maxMs: 1000 },
  });
  assert.equal(r.stopReason, 'max-ms');
  assert.equal(r.iterations.length, 3);
  assert.equal(r.ms, 1200);
});

test('budget: time runs out during a provider call; the call is aborted', async () => {
  const r = await repairLoop({
    initial: failingDoc('1', 40),
    generateRepairs: (_fb, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })),
    evaluate: async () => assert.fail('not reached'),
    budget: { maxMs: 5 },
  });
  assert.equal(r.stopReason, 'max-ms');
  assert.equal(r.final.quality.score, 40);
});

test('a provider error ends the loop at once with the last good result', async () => {
  let calls = 0;
  const first = failingDoc('3', 45, 'better');
  const r = await repairLoop({
    initial: failingDoc('1', 40),
    generateRepairs: async () => { if (++calls === 2) throw new Error('429 rate limited'); return batch('better'); },
    evaluate: async () => first,
    budget: { maxIterations: 10 },
  });
  assert.equal(r.stopReason, 'provider-error');
  assert.equal(calls, 2);
  assert.equal(r.final, first);
  assert.match(r.iterations[1].error!, /429/);
});

test('a partial provider failure evaluates what came back, then stops', async () => {
  const better = failingDoc('3', 60, 'b');
  const r = await repairLoop({
    initial: failingDoc('1', 40),
    generateRepairs: async () => ({ ...batch('b'), failedProviders: ['q'] }),
    evaluate: async () => better,
    budget: { maxIterations: 10 },
  });
  assert.equal(r.stopReason, 'provider-error');
  assert.equal(r.iterations.length, 1);
  assert.equal(r.final, better);
});

test('empty batches and evaluation errors stop the loop', async () => {
  const empty = await repairLoop({ initial: failingDoc('1'), generateRepairs: async () => ({ candidates: [], tokens: 5 }), evaluate: async () => assert.fail('x') });
  assert.equal(empty.stopReason, 'no-candidates');
  const bad = await repairLoop({ initial: failingDoc('1'), generateRepairs: async () => batch('x'), evaluate: async () => { throw new Error('sandbox down'); } });
  assert.equal(bad.stopReason, 'evaluation-error');
});

test('a worse repair is recorded but not kept', async () => {
  const r = await repairLoop({
    initial: failingDoc('1', 40),
    generateRepairs: async () => batch('worse'),
    evaluate: async () => failingDoc('7', 20, 'worse'),
    budget: { maxIterations: 1 },
  });
  assert.equal(r.stopReason, 'max-iterations');
  assert.equal(r.final, r.initial);
  assert.equal(r.iterations[0].improved, false);
  assert.equal(r.iterations[0].scoreAfter, 20);
});

test('cancellation returns the last good result, and a pre-aborted signal does nothing', async () => {
  const ac = new AbortController();
  const r = await repairLoop({
    initial: failingDoc('1', 40),
    generateRepairs: (_fb, signal) => new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      ac.abort();
    }),
    evaluate: async () => assert.fail('not reached'),
    signal: ac.signal,
  });
  assert.equal(r.stopReason, 'cancelled');
  assert.equal(r.final, r.initial);
  const pre = new AbortController();
  pre.abort();
  const r2 = await repairLoop({ initial: failingDoc('1'), generateRepairs: async () => assert.fail('x'), evaluate: async () => assert.fail('x'), signal: pre.signal });
  assert.equal(r2.stopReason, 'cancelled');
  assert.equal(r2.iterations.length, 0);
});
