import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { runConsensus } from '../../../server/src/consensus/run';
import type { ProbeRunner, ProbeResult } from '../../../server/src/consensus/types';

/** An in-process runner for trusted inline test code (the real one is the sandbox). */
const inProcess: ProbeRunner = async ({ code, entryPoint, inputs }) => {
  const ctx = vm.createContext({});
  try {
    vm.runInContext(`${code}\n;globalThis.__f = ${entryPoint};`, ctx, { timeout: 500 });
  } catch {
    return { results: inputs.map((): ProbeResult => ({ status: 'not-run' })), run: { outcome: 'load-error' } };
  }
  const results = inputs.map((args): ProbeResult => {
    ctx.__a = JSON.stringify(args);
    try {
      return { status: 'ok', value: JSON.stringify(vm.runInContext('__f(...JSON.parse(__a))', ctx, { timeout: 200 })) };
    } catch (e) {
      return { status: 'threw', error: String(e) };
    }
  });
  return { results, run: { outcome: 'ok' } };
};

const PROMPT = `/**\n * Sum of the even numbers.\n * > sumEven([1, 2, 3, 4])\n * 6\n * > sumEven([])\n * 0\n */\nfunction sumEven(xs) {\n`;
const RIGHT = `${PROMPT}  return xs.filter((x) => x % 2 === 0).reduce((a, b) => a + b, 0);\n}\n`;
const RIGHT2 = `${PROMPT}  let total = 0;\n  for (const v of xs) if (v % 2 == 0) total += v;\n  return total;\n}\n`;
const WRONG = `${PROMPT}  return xs.filter((x) => x % 2 === 1).reduce((a, b) => a + b, 0);\n}\n`;
const BROKEN = `${PROMPT}  return xs.filter(\n`;

test('end to end: behaviour clusters the two right answers despite different text', async () => {
  const r = await runConsensus({
    prompt: PROMPT, entryPoint: 'sumEven', runProbes: inProcess,
    candidates: [
      { id: 'w1', providerId: 'a', code: WRONG }, { id: 'w2', providerId: 'b', code: WRONG },
      { id: 'r1', providerId: 'c', code: RIGHT }, { id: 'r2', providerId: 'd', code: RIGHT2 },
      { id: 'x', providerId: 'a', code: BROKEN },
    ],
  });
  assert.deepEqual(r.expected.slice(0, 2), ['6', '0']);
  assert.deepEqual(r.selection.winner.cluster.members, ['r1', 'r2']);
  assert.deepEqual([r.selection.winner.components.docPassed, r.selection.winner.components.docTotal], [2, 2]);
  assert.equal(r.runs.find((x) => x.candidateId === 'x')!.loaded, false);
  assert.equal(r.clusters.length, 3);
});

test('a sandbox failure counts as a load error; cancellation rejects', async () => {
  const failing: ProbeRunner = async () => { throw new Error('spawn failed'); };
  const r = await runConsensus({ prompt: PROMPT, entryPoint: 'sumEven', runProbes: async (req) => (req.code === RIGHT ? inProcess(req) : failing(req)), candidates: [{ id: 'r', providerId: 'a', code: RIGHT }, { id: 'f', providerId: 'b', code: WRONG }] });
  assert.equal(r.selection.winner.representative, 'r');
  const ac = new AbortController();
  ac.abort();
  const cancelling: ProbeRunner = async (req) => { if (req.signal?.aborted) throw new Error('aborted'); return inProcess(req); };
  await assert.rejects(runConsensus({ prompt: PROMPT, entryPoint: 'sumEven', runProbes: cancelling, signal: ac.signal, candidates: [{ id: 'r', providerId: 'a', code: RIGHT }] }));
});

test('selection (candidates tokenised once, across turns) equals selectCluster with textSimilarity', async () => {
  const { selectCluster } = await import('../../../server/src/consensus/select');
  const { textSimilarity } = await import('../../../server/src/consensus/normalize');
  const candidates = [RIGHT, WRONG, RIGHT2, RIGHT, BROKEN].map((code, i) => ({ id: `c${i}`, providerId: `p${i % 2}`, code }));
  const res = await runConsensus({ prompt: PROMPT, entryPoint: 'sumEven', candidates, runProbes: inProcess, providerWeights: { p0: 0.8 } });
  const direct = selectCluster(candidates, res.clusters, {
    providerWeights: { p0: 0.8 }, expected: res.expected, similarity: (a, b) => textSimilarity(a.code, b.code),
  });
  assert.deepEqual(res.selection, direct);
  assert.ok(res.selection.ranked.some((r) => r.components.textAgreement > 0 && r.components.textAgreement < 1));
});
