/** Background threads and processes run at a lower CPU priority than the server's main thread. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { lowerProcess, lowerThisThread } from '../../../server/src/util/priority';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';

const linux = process.platform === 'linux';

test('lowerThisThread lowers only the calling thread', { skip: !linux && 'thread priorities are Linux-only' }, async () => {
  const before = os.getPriority();
  const source = `
    const { parentPort } = require('node:worker_threads');
    require(${JSON.stringify(require.resolve('tsx/cjs'))});
    const fs = require('node:fs'), path = require('node:path'), os = require('node:os');
    const { lowerThisThread } = require(${JSON.stringify(require.resolve('../../../server/src/util/priority'))});
    const reason = lowerThisThread(15);
    const tid = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    parentPort.postMessage({ reason, nice: os.getPriority(tid) });`;
  const w = new Worker(source, { eval: true });
  const [m] = (await once(w, 'message')) as [{ reason?: string; nice: number }];
  await w.terminate();
  assert.equal(m.reason, undefined);
  assert.equal(m.nice, 15, 'the worker thread runs at nice 15');
  assert.equal(os.getPriority(), before, 'the main thread keeps its priority');
});

test('lowerProcess lowers a child process (its own children inherit it); bad ids give a reason, never a throw', async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
  try {
    assert.equal(lowerProcess(child.pid, 12), undefined);
    assert.equal(os.getPriority(child.pid!), 12);
  } finally {
    child.kill();
    await once(child, 'exit');
  }
  assert.match(lowerProcess(undefined, 5) ?? '', /no process id/);
  assert.ok(lowerProcess(2 ** 30, 5), 'a missing process gives a reason');
  if (!linux) assert.match(lowerThisThread(5) ?? '', /only set on Linux/);
});

const autogroups = (() => {
  try {
    return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
  } catch {
    return false;
  }
})();

test('a detached child of a low-priority process gets that priority for its own autogroup', { skip: !autogroups && 'no scheduler autogroups here' }, () => {
  const script = `
    require(${JSON.stringify(require.resolve('tsx/cjs'))});
    const os = require('node:os'), fs = require('node:fs');
    const { spawn } = require('node:child_process');
    const { inheritAutogroupPriority } = require(${JSON.stringify(require.resolve('../../../server/src/util/priority'))});
    const start = () => spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { detached: true, stdio: 'ignore' });
    const normal = start();
    const normalReason = inheritAutogroupPriority(normal.pid);
    const normalGroup = fs.readFileSync('/proc/' + normal.pid + '/autogroup', 'utf8').trim();
    os.setPriority(11);
    const low = start();
    const lowReason = inheritAutogroupPriority(low.pid);
    const lowGroup = fs.readFileSync('/proc/' + low.pid + '/autogroup', 'utf8').trim();
    for (const c of [normal, low]) process.kill(-c.pid, 'SIGKILL');
    console.log(JSON.stringify({ normalReason, normalGroup, lowReason, lowGroup }));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, string | undefined>;
  assert.equal(out.normalReason, undefined);
  assert.match(out.normalGroup!, /nice 0$/, 'a normal-priority parent leaves the child\'s group alone');
  assert.equal(out.lowReason, undefined);
  assert.match(out.lowGroup!, /nice 11$/, 'a low-priority parent passes its nice to the child\'s own group');
});
