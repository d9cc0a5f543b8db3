/** The `probeInputs` worker task (tasks.ts): the same probe inputs, in the same order, as deriveProbeInputs in-process. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveProbeInputs } from '../../../server/src/consensus/probeInputs';
import { runConsensus } from '../../../server/src/consensus/run';
import type { ProbeRunner } from '../../../server/src/consensus/types';
import type { ProbeInputsJob } from '../../../server/src/workers/tasks';
import { isGenerationCancelled } from '../../../server/src/util/errors';
import { pool } from './pools';

const MB = `/**\n * * Count sublists containing x.\n *\n * > countIn([[1, 3], [5, 7], [1, 11]], 1)\n * 2\n * > countIn([["A", "B"], ["A", "C"]], "A")\n * 2\n */\nfunction countIn(list1, x) {\n`;
const EDGE = `/**\n * Scale a point.\n * @example scale({ x: -0, y: 1.5 }, NaN) // => { x: NaN, y: NaN }\n * @example scale({ x: 2, y: -3 }, Infinity) => { x: Infinity, y: -Infinity }\n */\nexport function scale(p: { x: number; y: number }, k: number) {\n`;
const NO_DOC = `/** Repeat a word.\n * @param {string} word\n * @param {number} times\n */\nconst repeat = (word, times) => {\n`;

const JOBS: ProbeInputsJob[] = [
  { prompt: MB, entryPoint: 'countIn' },
  { prompt: MB, entryPoint: 'countIn', options: { max: 8, testExamples: [{ args: [[[2], [2, 2]], 2], expected: { value: 2 } }, { args: [[], 0] }] } },
  { prompt: EDGE, entryPoint: 'scale', options: { max: 8 } },
  { prompt: NO_DOC, entryPoint: 'repeat', options: { max: 8 } },
];

const local = (j: ProbeInputsJob) => deriveProbeInputs(j.prompt, j.entryPoint, j.options);

test('probeInputs in the worker equals deriveProbeInputs in-process (order, values, -0/NaN/Infinity)', async () => {
  const p = pool();
  assert.equal(p.mode, 'worker', p.reason);
  for (const job of JOBS) {
    const expected = local(job);
    assert.ok(expected.length >= 4, `${job.entryPoint}: ${expected.length} inputs`);
    assert.deepStrictEqual(await p.task('probeInputs', job, new AbortController().signal), expected);
  }
  assert.ok(local(JOBS[1]).some((i) => i.source === 'test'));
});

test('probeInputs in-process (no worker) gives the same output; an aborted one rejects as cancelled', async () => {
  const p = pool({ inProcess: 'testing' });
  for (const job of JOBS) assert.deepStrictEqual(await p.task('probeInputs', job, new AbortController().signal), local(job));
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(pool().task('probeInputs', JOBS[0], ac.signal), (e) => isGenerationCancelled(e));
});

test('runConsensus with inputs derived in the worker runs the candidates on the same inputs', async () => {
  const p = pool();
  const seen: unknown[][][] = [];
  const runProbes: ProbeRunner = async (req) => {
    seen.push(req.inputs);
    return { results: req.inputs.map((a) => ({ status: 'ok' as const, value: JSON.stringify(a) })), run: { outcome: 'ok' } };
  };
  const candidates = [{ id: 'a', providerId: 'p', code: 'function countIn(l, x) { return 0; }' }];
  const res = await runConsensus({
    prompt: MB, entryPoint: 'countIn', candidates, runProbes, inputOptions: { max: 8 },
    deriveInputs: (prompt, entryPoint, options, signal) => p.task('probeInputs', { prompt, entryPoint, options }, signal ?? new AbortController().signal),
  });
  assert.deepStrictEqual(res.inputs, deriveProbeInputs(MB, 'countIn', { max: 8 }));
  assert.deepStrictEqual(seen.at(-1), res.inputs.map((i) => i.args));
});
