/** The type-check worker pool: same verdicts as in-process, cancellation, fallback, a free main thread. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { TypeCheckSession } from '../../../server/src/orchestra/typecheck';
import { resolveWorkerFile, TypeCheckPool } from '../../../server/src/workers/typecheckPool';
import { isGenerationCancelled } from '../../../server/src/util/errors';
import { pool } from './pools';
import { splice } from '../orchestra/typecheckFixture';

const JOB = {
  fileName: 'shapes.ts',
  original: splice('throw new Error("todo");'),
  spliced: ['return b.width * b.height;', 'return b.w * b.height;', 'return "big";', 'return b.width *;', 'return helper(b);'].map(splice),
};
const DIST_WORKER = path.resolve(__dirname, '../../../dist/typecheckWorker.js');

function inProcessVerdicts(job = JOB) {
  const s = new TypeCheckSession(job.fileName, job.original);
  try {
    return job.spliced.map((t) => s.check(t));
  } finally {
    s.dispose();
  }
}

let fromSource: TypeCheckPool | undefined;

test('from source (tsx) the worker runs the checks off the main thread with the same verdicts, without blocking it', async () => {
  const p = (fromSource = pool());
  assert.equal(p.mode, 'worker', p.reason);
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const verdicts = await p.check(JOB, new AbortController().signal); // cold: parses the ES lib in the worker (~1 s in-process)
  h.disable();
  assert.deepEqual(verdicts, inProcessVerdicts());
  assert.equal(verdicts[0]!.ok, true);
  assert.match(verdicts[1]!.diagnostics[0], /^TS2339/);
  assert.ok(h.max / 1e6 < 250, `main thread blocked ${(h.max / 1e6).toFixed(0)} ms while the worker checked`);
});

test('the bundled worker (dist/typecheckWorker.js) gives the same verdicts and warms up', { skip: !fs.existsSync(DIST_WORKER) && 'run node esbuild.mjs first' }, async () => {
  assert.deepEqual(resolveWorkerFile(path.dirname(DIST_WORKER)), { file: DIST_WORKER, tsx: false });
  const p = pool({ workerFile: DIST_WORKER });
  const ms = await p.warmUp();
  assert.equal(typeof ms, 'number');
  assert.deepEqual(await p.check(JOB, new AbortController().signal), inProcessVerdicts());
});

test('an aborted check rejects as cancelled at once, and the worker stays usable', async () => {
  const p = fromSource ?? pool();
  const pre = new AbortController();
  pre.abort();
  await assert.rejects(p.check(JOB, pre.signal), isGenerationCancelled);

  const ac = new AbortController();
  const many = { ...JOB, spliced: Array.from({ length: 40 }, (_, i) => JOB.spliced[i % JOB.spliced.length]) };
  const running = p.check(many, ac.signal);
  ac.abort();
  await assert.rejects(running, isGenerationCancelled);
  assert.deepEqual(await p.check(JOB, new AbortController().signal), inProcessVerdicts());
});

test('a worker that cannot start: its jobs are re-run in-process, then the pool stays in-process with a reason', async () => {
  const logs: string[] = [];
  const p = pool({ workerFile: path.join(os.tmpdir(), 'weavergen-no-such-worker.js'), maxCrashes: 1, log: (m) => logs.push(m) });
  assert.equal(p.mode, 'worker');
  assert.deepEqual(await p.check(JOB, new AbortController().signal), inProcessVerdicts());
  assert.equal(p.mode, 'in-process');
  assert.match(p.reason ?? '', /type-check worker/);
  assert.ok(logs.length >= 1);
  assert.deepEqual(await p.check(JOB, new AbortController().signal), inProcessVerdicts());
});

test('in-process on request, and a clear reason when no worker file exists', async () => {
  const p = pool({ inProcess: 'testing' });
  assert.equal(p.mode, 'in-process');
  assert.equal(p.reason, 'testing');
  assert.equal(await p.warmUp(), undefined);
  assert.deepEqual(await p.check(JOB, new AbortController().signal), inProcessVerdicts());
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-worker-'));
  const r = resolveWorkerFile(empty);
  assert.ok('reason' in r && /worker bundle not found/.test(r.reason));
});
