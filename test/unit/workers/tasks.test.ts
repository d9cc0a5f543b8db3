/** The worker's generic tasks (tasks.ts): same output in the worker as in-process, cancellation, fallback. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { TypeCheckPool } from '../../../server/src/workers/typecheckPool';
import { buildTestScript, type ScriptInput } from '../../../server/src/testgen/script';
import { isGenerationCancelled } from '../../../server/src/util/errors';
import { pool } from './pools';

const MOD = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
const SCRIPT: ScriptInput = {
  variants: [{ name: 'original', text: MOD }, { name: 'body-undefined', text: MOD.replace('return a + b;', 'return undefined as any;') }],
  moduleFile: 'math.ts',
  testCode: "import assert from 'node:assert/strict';\nimport { add } from './math';\ntest('adds', () => { assert.equal(add(1, 2), 3); });\n",
  importSpecifier: './math',
  framework: 'node:test',
};


test('testScript in the worker equals buildTestScript in-process, and does not block the main thread', async () => {
  const p = pool();
  assert.equal(p.mode, 'worker', p.reason);
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const script = await p.task('testScript', SCRIPT, new AbortController().signal);
  h.disable();
  assert.equal(script, buildTestScript(SCRIPT));
  assert.match(script, /function add\(a, b\)/);
  assert.ok(h.max / 1e6 < 250, `main thread blocked ${(h.max / 1e6).toFixed(0)} ms while the worker compiled`);
});

test('an aborted task rejects as cancelled; a failing task rejects with its error', async () => {
  const p = pool();
  const ac = new AbortController();
  const pending = p.task('testScript', SCRIPT, ac.signal);
  ac.abort();
  await assert.rejects(pending, (e) => isGenerationCancelled(e));
  await assert.rejects(p.task('testScript', { ...SCRIPT, variants: null as never }, new AbortController().signal), /variants|null/);
  assert.equal(await p.task('testScript', SCRIPT, new AbortController().signal), buildTestScript(SCRIPT));
});

test('in-process (no worker, or a worker that cannot start) gives the same output', async () => {
  assert.equal(await pool({ inProcess: 'testing' }).task('testScript', SCRIPT, new AbortController().signal), buildTestScript(SCRIPT));
  const broken = pool({ workerFile: path.join(os.tmpdir(), 'weavergen-no-such-worker.js'), maxCrashes: 1 });
  assert.equal(await broken.task('testScript', SCRIPT, new AbortController().signal), buildTestScript(SCRIPT));
  assert.equal(broken.mode, 'in-process');
});
