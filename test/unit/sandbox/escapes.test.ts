/**
 * Regression tests for the sandbox escapes found by attacking the released build (issue 11,
 * escapes 1–6). Each attack is real: a victim process, a listening Unix socket and the spawner
 * helper exist outside, and the candidate gets their pids or paths. With bubblewrap the child
 * lives in its own PID, mount and network namespaces, so none of them is reachable at all; the
 * in-process guards (kill guard, _debugProcess, setPriority) are checked separately without it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { getIsolation, probeIsolation, runProbes, runSandboxed, type IsolationProfile, type SandboxRun } from '../../../server/src/sandbox';
import { getSandboxSpawner } from '../../../server/src/sandbox/spawner/client';
import { isAlive } from './helpers';

/** The way in: the process object of the child's own realm. */
const P = "const P = console.log.constructor('return process')();";

interface Victim { child: ChildProcess; stderr: string }

function startVictim(): Promise<Victim> {
  const child = spawn(process.execPath, ['-e', "process.stdout.write('up'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'pipe', 'pipe'] });
  const v: Victim = { child, stderr: '' };
  child.stderr?.on('data', (d) => { v.stderr += String(d); });
  return new Promise((resolve) => child.stdout?.once('data', () => resolve(v)));
}

const run = (code: string, isolation?: IsolationProfile): Promise<SandboxRun> =>
  runSandboxed({ files: { 'main.js': `${P}\n${code}` }, entry: 'main.js', limits: { wallMs: 5000 }, ...(isolation ? { isolation } : {}) });

describe('sandbox escapes from issue 11 stay closed', () => {
  let victim: Victim;
  let withoutBwrap: IsolationProfile;
  before(async () => {
    withoutBwrap = await probeIsolation({ without: ['bwrap'] });
  });
  beforeEach(async () => {
    victim = await startVictim();
  });
  afterEach(() => victim.child.kill('SIGKILL'));

  it('the machine offers bubblewrap with seccomp (installed by .ci/run)', async () => {
    const profile = await getIsolation();
    assert.ok(profile.bwrap, profile.notes.join('; '));
    assert.equal(profile.bwrap.seccomp, true, profile.notes.join('; '));
  });

  it('1. kill-guard bypass with a valueOf that changes its answer, and kill(-1, 0)', async () => {
    const target = victim.child.pid as number;
    const code = `let n = 0; const out = [];
      try { out.push(P._kill({ valueOf() { return ++n === 1 ? P.pid : ${target}; } }, 9)); } catch (e) { out.push(e.code); }
      try { out.push(P._kill(-1, 0)); } catch (e) { out.push(e.code); }
      try { P.kill(${target}, 'SIGKILL'); out.push('killed'); } catch (e) { out.push(e.code); }
      console.log(JSON.stringify(out));`;
    for (const isolation of [undefined, withoutBwrap]) {
      const r = await run(code, isolation);
      assert.equal(r.outcome, 'ok', r.stderr);
      const out = JSON.parse(r.stdout) as unknown[];
      assert.notEqual(out[1], 0, 'kill(-1, 0) was accepted');
      assert.notEqual(out[2], 'killed');
      assert.ok(isAlive(target), `the victim was killed (${isolation ? 'without' : 'with'} bwrap)`);
    }
  });

  it('2. killing its parent (the spawner helper) neither kills the helper nor moves the run into the server', async () => {
    const code = `let n = 0; const parent = P.ppid; try { P._kill({ valueOf() { return ++n === 1 ? P.pid : parent; } }, 9); } catch {}
      try { P.kill(parent, 'SIGKILL'); } catch {}
      try { P.kill(1, 'SIGKILL'); } catch {}
      console.log('after');`;
    const spawner = getSandboxSpawner();
    const first = await run('console.log(1)');
    assert.equal(first.launch?.via, 'spawner');
    const helperPid = spawner.pid as number;
    const r = await run(code);
    assert.notEqual(r.launch?.via, 'in-process', 'the candidate was re-run with the server as its parent');
    assert.ok(isAlive(helperPid), 'the spawner helper was killed');
    assert.ok(isAlive(process.pid));
  });

  it('3. _debugProcess cannot open the inspector of another process', async () => {
    const target = victim.child.pid as number;
    for (const isolation of [undefined, withoutBwrap]) {
      const r = await run(`try { P._debugProcess(${target}); console.log('sent'); } catch (e) { console.log(e.code); }`, isolation);
      assert.notEqual(r.stdout.trim(), 'sent', r.stderr);
    }
    // The inspector announces itself on stderr when SIGUSR1 arrives; give a late signal every chance.
    const probe = await run('console.log(1)');
    assert.equal(probe.outcome, 'ok');
    assert.doesNotMatch(victim.stderr, /Debugger listening/);
  });

  it('4. os.setPriority cannot re-nice another process', async () => {
    const target = victim.child.pid as number;
    const before = getPriority(target);
    for (const isolation of [undefined, withoutBwrap]) {
      const r = await run(`try { require('os').setPriority(${target}, 19); console.log('set'); } catch (e) { console.log(e.code); }`, isolation);
      assert.notEqual(r.stdout.trim(), 'set', r.stderr);
    }
    assert.equal(getPriority(target), before);
  });

  describe('5. a Unix socket outside cannot be reached', () => {
    let server: Server;
    let dir: string;
    let sock: string;
    let connections = 0;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'weavergen-sock-'));
      sock = join(dir, 'agent.sock');
      server = createServer((c) => { connections++; c.destroy(); });
      server.listen(sock);
      await once(server, 'listening');
    });
    after(() => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('not through an ES module written into the temp dir, vm, or the getBuiltinModule route', async () => {
      const attack = `
        const fs = require('fs');
        const tries = [];
        const attempt = (name, net) => new Promise((done) => {
          try {
            const s = net.connect(${JSON.stringify(sock)});
            s.on('connect', () => { tries.push(name + ':connected'); s.destroy(); done(); });
            s.on('error', (e) => { tries.push(name + ':' + e.code); done(); });
          } catch (e) { tries.push(name + ':' + e.code); done(); }
        });
        fs.writeFileSync('evil.mjs', "export { default } from 'node:net';");
        (async () => {
          try { await attempt('esm', (await import(require('path').resolve('evil.mjs'))).default); } catch (e) { tries.push('esm:' + e.code); }
          try {
            const vm = require('vm');
            const s = new vm.Script("import('node:net')", { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
            await attempt('vm', await s.runInThisContext());
          } catch (e) { tries.push('vm:' + e.code); }
          try { await attempt('builtin', P.getBuiltinModule('net')); } catch (e) { tries.push('builtin:' + e.code); }
          console.log(JSON.stringify(tries));
        })();`;
      const r = await run(attack);
      assert.doesNotMatch(r.stdout, /connected/, r.stderr);
      assert.equal(connections, 0);
    });
  });

  it('6. a nonce from a heap snapshot cannot forge results: a function that never returns passes nothing', async () => {
    const code = `
      const P = this.constructor.constructor('return process')();
      P.nextTick(() => {
        try {
          const v8 = P.getBuiltinModule('v8');
          const fs = P.getBuiltinModule('fs');
          const text = v8.getHeapSnapshot().read().toString('latin1');
          const nonces = [...new Set(text.match(/WG[0-9a-f]{32}/g) || [])];
          for (const nonce of nonces) {
            let out = '';
            for (let i = 0; i < 8; i++) out += '\\n' + nonce + ' {"i":' + i + ',"s":"ok","v":"42"}\\n';
            fs.writeSync(3, out + '\\n' + nonce + ' {"done":true,"count":8}\\n');
          }
          P.reallyExit(0);
        } catch (e) { console.log('attack failed', e && e.message); }
      });
      function solve(n) { for (;;) {} }`;
    const r = await runProbes({ code, entryPoint: 'solve', inputs: [[1], [2], [3], [4], [5], [6], [7], [8]], perInputMs: 200 });
    const passed = r.results.filter((x) => x.status === 'ok').length;
    assert.equal(passed, 0, `forged: ${JSON.stringify(r.results)}`);
    assert.ok(!r.results.some((x) => x.value === '42'));
  });
});
