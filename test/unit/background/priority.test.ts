/** Background threads and processes run at a lower CPU priority than the server's main thread. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { lowerChild, lowerProcess, lowerThisThread } from '../../../server/src/util/priority';
import { spawn } from 'node:child_process';
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

test('lowerChild lowers a detached child and its own scheduling autogroup', { skip: !autogroups && 'no scheduler autogroups here' }, async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { detached: true, stdio: 'ignore' });
  try {
    await once(child, 'spawn');
    assert.match(readFileSync(`/proc/${child.pid}/autogroup`, 'utf8').trim(), /nice 0$/, 'a session of its own starts at nice 0');
    assert.equal(lowerChild(child.pid, 11), undefined);
    assert.equal(os.getPriority(child.pid!), 11);
    assert.match(readFileSync(`/proc/${child.pid}/autogroup`, 'utf8').trim(), /nice 11$/, 'its autogroup competes at the lower priority too');
  } finally {
    process.kill(-child.pid!, 'SIGKILL');
    await once(child, 'exit');
  }
  assert.match(lowerChild(undefined, 5) ?? '', /no process id/);
});
