/**
 * The spawner helper: sandboxed children are started by a small helper process (so the fork
 * does not block the server's main thread), it is restarted when it dies, runs fall back to
 * an in-process spawn when it cannot start, and its children die with it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { getSandboxSpawner, resolveSpawnerFile, runSandboxed, SandboxSpawner, spawnerEnv, type SandboxJob } from '../../../server/src/sandbox';
import type { FromSpawner, ToSpawner } from '../../../server/src/sandbox/spawner/protocol';
import { isAlive } from './helpers';

const job = (code: string, extra: Partial<SandboxJob> = {}): SandboxJob => ({ files: { 'main.js': code }, entry: 'main.js', ...extra });

/** Dead, or a zombie waiting for a reaper that is not us. */
function isGone(pid: number): boolean {
  if (!isAlive(pid)) return true;
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Waits until `pid` is gone: SIGKILL is delivered asynchronously to an unrelated process. */
async function waitGone(pid: number, deadlineMs = 3000): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (!isGone(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

const scratch = mkdtempSync(join(tmpdir(), 'weavergen-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('sandbox spawner helper', () => {
  it('starts children in the helper by default, and reports it', async () => {
    let parent = 0;
    const r = await runSandboxed(job("setTimeout(() => console.log('done'), 300)", {
      // Inside bubblewrap the child's own ppid is its namespace's; read the parent from out here.
      onSpawn: (pid) => { parent = Number(/PPid:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]); },
    }));
    assert.equal(r.outcome, 'ok', r.stderr);
    assert.equal(r.launch?.via, 'spawner');
    const helperPid = r.launch?.via === 'spawner' ? r.launch.helperPid : 0;
    assert.equal(helperPid, getSandboxSpawner().pid);
    assert.equal(parent, helperPid, 'the child is not the helper’s');
    assert.notEqual(helperPid, process.pid);
  });

  it('gives the helper a minimal env (no API keys)', async () => {
    const previous = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-weavergen-test-not-a-real-key';
    const spawner = new SandboxSpawner();
    try {
      const r = await runSandboxed(job('0', { spawner }));
      assert.equal(r.launch?.via, 'spawner');
      const env = readFileSync(`/proc/${spawner.pid}/environ`, 'utf8').split('\0').filter(Boolean).map((kv) => kv.split('=')[0]);
      assert.ok(!env.includes('OPENAI_API_KEY'));
      assert.deepEqual(env.filter((k) => !k.startsWith('NODE_CHANNEL_')).sort(), Object.keys(spawnerEnv()).sort());
    } finally {
      spawner.dispose();
      if (previous === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = previous;
    }
  });

  it('the child cannot reach the helper’s IPC socket (no inherited sockets beyond stdio)', async () => {
    const code = `const fs = require('fs'); const open = [];
for (let fd = 3; fd < 1024; fd++) { try { if (fs.fstatSync(fd).isSocket()) open.push(fd); } catch {} }
console.log(JSON.stringify(open));`;
    const r = await runSandboxed(job(code));
    assert.equal(r.launch?.via, 'spawner');
    assert.equal(r.outcome, 'ok', r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  it('restarts the helper after it was killed', async () => {
    const spawner = new SandboxSpawner();
    try {
      const first = await runSandboxed(job('0', { spawner }));
      const pid = spawner.pid as number;
      assert.deepEqual(first.launch, { via: 'spawner', helperPid: pid });
      const gone = spawner.helperGone();
      process.kill(pid, 'SIGKILL');
      await gone;
      assert.equal(spawner.pid, undefined);
      const second = await runSandboxed(job('console.log(1)', { spawner }));
      assert.equal(second.outcome, 'ok');
      assert.equal(second.launch?.via, 'spawner');
      assert.notEqual(spawner.pid, pid);
      assert.deepEqual(second.launch, { via: 'spawner', helperPid: spawner.pid });
    } finally {
      spawner.dispose();
    }
  });

  it('a helper killed mid-run: its child dies and the run ends as crashed, never re-run in-process', async () => {
    const spawner = new SandboxSpawner();
    const pids: number[] = [];
    try {
      const r = await runSandboxed(job("setTimeout(() => console.log('done'), 200)", {
        spawner,
        onSpawn: (pid) => {
          pids.push(pid);
          if (pids.length === 1) process.kill(spawner.pid as number, 'SIGKILL');
        },
      }));
      assert.equal(r.outcome, 'crashed', r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.launch?.via, 'spawner');
      assert.match(r.stderr, /sandbox spawner exited \(SIGKILL\) during the run; the run is not repeated/);
      assert.equal(pids.length, 1, 'the run was started a second time');
      assert.ok(await waitGone(pids[0] as number), 'the first child survived its helper');
    } finally {
      spawner.dispose();
    }
  });

  it('cancels through the helper and kills the group', async () => {
    const controller = new AbortController();
    let pid = 0;
    const r = await runSandboxed(job('while (true) {}', {
      signal: controller.signal,
      limits: { wallMs: 20_000 },
      onSpawn: (p) => {
        pid = p;
        controller.abort();
      },
    }));
    assert.equal(r.outcome, 'cancelled');
    assert.equal(r.launch?.via, 'spawner');
    assert.ok(pid > 0 && !isAlive(pid));
  });

  it('falls back to an in-process spawn when the helper is missing', async () => {
    const resolved = resolveSpawnerFile(scratch);
    assert.ok('reason' in resolved && /not found/.test(resolved.reason));
    const r = await runSandboxed(job('console.log(2)', { spawner: new SandboxSpawner({ inProcess: 'test says so' }) }));
    assert.equal(r.outcome, 'ok');
    assert.equal(r.stdout, '2\n');
    assert.deepEqual(r.launch, { via: 'in-process', reason: 'test says so' });
  });

  it('falls back when the helper dies before it is ready, and stops trying after repeated failures', async () => {
    const broken = join(scratch, 'broken-spawner.js');
    writeFileSync(broken, 'process.exit(3)');
    const spawner = new SandboxSpawner({ file: broken, maxStartFailures: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await runSandboxed(job('console.log(3)', { spawner }));
      assert.equal(r.outcome, 'ok', r.stderr);
      assert.equal(r.stdout, '3\n');
      assert.equal(r.launch?.via, 'in-process');
      assert.match(r.launch?.via === 'in-process' ? r.launch.reason : '', /sandbox spawner exited \(code 3\)/);
    }
    assert.match(spawner.reason ?? '', /before it was ready, 2 times/);
    const r = await runSandboxed(job('console.log(4)', { spawner }));
    assert.equal(r.stdout, '4\n');
    assert.equal(spawner.pid, undefined, 'a third helper was started');
    assert.deepEqual(r.launch, { via: 'in-process', reason: spawner.reason });
  });

  it('the helper kills its children when its server goes away (IPC disconnect)', async () => {
    const file = resolveSpawnerFile(join(__dirname, '../../../server/src/sandbox/spawner'));
    assert.ok('file' in file);
    const helper = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), file.file], {
      env: spawnerEnv(),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    try {
      const spec = { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], cwd: scratch, env: { TZ: 'UTC' }, stdin: '', channelBytes: 0, wallMs: 60_000, maxOutputBytes: 1024 };
      helper.send({ type: 'run', id: 1, spec } satisfies ToSpawner);
      let childPid = 0;
      for (;;) {
        const [m] = (await once(helper, 'message')) as [FromSpawner];
        if (m.type === 'spawned') {
          childPid = m.pid;
          break;
        }
      }
      assert.ok(isAlive(childPid));
      const exited = once(helper, 'exit');
      helper.disconnect(); // what the helper sees when the server dies
      await exited;
      assert.ok(await waitGone(childPid), 'the child outlived its helper');
    } finally {
      helper.kill('SIGKILL');
    }
  });
});
