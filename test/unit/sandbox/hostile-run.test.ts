/**
 * Real attacks through runSandboxed: each must end as a classified failure within its limits
 * and leave nothing behind (temp dir gone, process gone, nothing written or read outside).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runSandboxed, type SandboxJob } from '../../../server/src/sandbox';
import { TRACE, assertNoTrace, isAlive, randomName } from './helpers';

const run = (code: string, extra: Partial<SandboxJob> = {}) =>
  runSandboxed({ files: { 'main.js': `${TRACE}\n${code}` }, entry: 'main.js', ...extra });

describe('runSandboxed against hostile code', () => {
  it('runs a benign program', async () => {
    const r = await run('console.log(6 * 7)');
    assert.equal(r.outcome, 'ok');
    assert.equal(r.stdout, '42\n');
    assertNoTrace(r.stderr);
  });

  it('stops a synchronous infinite loop at the wall clock', async () => {
    const r = await run('while (true) {}', { limits: { wallMs: 600 } });
    assert.equal(r.outcome, 'timeout');
    assertNoTrace(r.stderr);
  });

  it('stops an asynchronous infinite loop at the wall clock', async () => {
    const r = await run('(async () => { for (;;) await null; })(); setInterval(() => {}, 1);', { limits: { wallMs: 600 } });
    assert.equal(r.outcome, 'timeout');
    assertNoTrace(r.stderr);
  });

  it('stops a CPU burner with RLIMIT_CPU when the wall clock is generous', async (t) => {
    const r = await run('while (true) {}', { limits: { wallMs: 8000, cpuSeconds: 1 } });
    if (!r.layers.includes('rlimit-cpu')) return t.skip('prlimit unavailable');
    assert.equal(r.outcome, 'cpu-limit');
    assertNoTrace(r.stderr);
  });

  it('ends a JS heap bomb as memory-limit', async () => {
    const r = await run('const a = []; for (;;) a.push(new Array(1e6).fill(1.5));', { limits: { memoryMb: 64, wallMs: 8000 } });
    assert.equal(r.outcome, 'memory-limit', r.stderr.slice(-500));
    assertNoTrace(r.stderr);
  });

  it('ends an off-heap buffer bomb as memory-limit', async (t) => {
    const r = await run('const b = []; for (;;) b.push(Buffer.alloc(32 * 1024 * 1024, 1));', { limits: { memoryMb: 64, wallMs: 8000 } });
    if (!r.layers.includes('rlimit-data')) return t.skip('prlimit unavailable');
    assert.equal(r.outcome, 'memory-limit', r.stderr.slice(-500));
    assertNoTrace(r.stderr);
  });

  it('denies child_process exec and spawn', async () => {
    const marker = join(tmpdir(), randomName('weavergen-pwned-'));
    const r = await run(`require('child_process').execSync('touch ${marker}');`);
    assert.equal(r.outcome, 'denied', r.stderr);
    assert.equal(existsSync(marker), false);
    assertNoTrace(r.stderr);
  });

  it('denies process.binding("spawn_sync")', async () => {
    const marker = join(tmpdir(), randomName('weavergen-pwned-'));
    const code = `process.binding('spawn_sync').spawn({ file: '/bin/sh', args: ['/bin/sh', '-c', 'touch ${marker}'], stdio: [] });`;
    const r = await run(code);
    assert.equal(r.outcome, 'denied', r.stderr);
    assert.equal(existsSync(marker), false);
    assertNoTrace(r.stderr);
  });

  it('denies writing a file outside its temp dir', async () => {
    const target = join(tmpdir(), randomName('weavergen-pwned-'));
    const r = await run(`require('fs').writeFileSync(${JSON.stringify(target)}, 'pwned');`);
    assert.equal(r.outcome, 'denied', r.stderr);
    assert.equal(existsSync(target), false);
    assertNoTrace(r.stderr);
  });

  it('lets the program write inside its own temp dir', async () => {
    const r = await run("require('fs').writeFileSync('scratch.txt', 'ok'); console.log(require('fs').readFileSync('scratch.txt', 'utf8'));");
    assert.equal(r.outcome, 'ok', r.stderr);
    assert.equal(r.stdout, 'ok\n');
    assertNoTrace(r.stderr);
  });

  it('denies reading a secret file elsewhere, directly or through a symlink', async () => {
    const secretDir = mkdtempSync(join(tmpdir(), 'weavergen-secret-'));
    const secret = join(secretDir, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET-VALUE');
    try {
      const direct = await run(`console.log(require('fs').readFileSync(${JSON.stringify(secret)}, 'utf8'));`);
      assert.equal(direct.outcome, 'denied', direct.stderr);
      assert.ok(!direct.stdout.includes('TOP-SECRET') && !direct.stderr.includes('TOP-SECRET'));
      assertNoTrace(direct.stderr);
      const link = await run(`const fs = require('fs'); try { fs.symlinkSync(${JSON.stringify(secret)}, 'l'); } catch (e) { console.log(e.code); } console.log(fs.readFileSync('l', 'utf8'));`);
      assert.notEqual(link.outcome, 'ok');
      assert.ok(!link.stdout.includes('TOP-SECRET') && !link.stderr.includes('TOP-SECRET'));
    } finally {
      rmSync(secretDir, { recursive: true, force: true });
    }
  });

  it('cannot see the parent environment (no API keys)', async () => {
    const previous = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-weavergen-test-not-a-real-key';
    try {
      const r = await run('console.log(JSON.stringify(process.env));');
      assert.equal(r.outcome, 'ok');
      assert.ok(!r.stdout.includes('sk-weavergen-test'), r.stdout);
      const env = JSON.parse(r.stdout) as Record<string, string>;
      assert.equal(env.OPENAI_API_KEY, undefined);
      // bubblewrap's --chdir sets PWD to the run's own temp dir; nothing else comes in.
      assert.deepEqual(Object.keys(env).filter((k) => k !== 'PWD').sort(), ['LANG', 'TZ']);
      if (env.PWD !== undefined) assert.match(env.PWD, /weavergen-sbx-/);
    } finally {
      if (previous === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = previous;
    }
  });

  it('cannot signal other processes (e.g. kill the server or a neighbour)', async () => {
    const victim = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await once(victim, 'spawn');
      const code = `for (const pid of [${victim.pid}, process.ppid]) { try { process.kill(pid, 'SIGKILL'); } catch (e) { console.log(e.code); } try { console.log(process._kill(pid, 9)); } catch (e) { console.log(e.code); } }`;
      const r = await run(code);
      assert.equal(r.outcome, 'ok', r.stderr);
      assert.deepEqual(r.stdout.trim().split('\n'), ['ERR_ACCESS_DENIED', '-1', 'ERR_ACCESS_DENIED', '-1']);
      assert.ok(isAlive(victim.pid as number), 'the victim was killed');
      assertNoTrace(r.stderr);
    } finally {
      victim.kill('SIGKILL');
    }
  });

  it('ends a stdout flood at the output cap', async () => {
    const r = await run("const s = 'x'.repeat(65536); for (;;) process.stdout.write(s);", { limits: { maxOutputBytes: 32 * 1024, wallMs: 5000 } });
    assert.equal(r.outcome, 'output-limit');
    assert.ok(r.stdout.length <= 32 * 1024);
    assertNoTrace(r.stderr);
  });

  it('cancels promptly on abort and kills the process', async () => {
    const controller = new AbortController();
    let pid = 0;
    const r = await run('while (true) {}', {
      signal: controller.signal,
      limits: { wallMs: 20_000 },
      onSpawn: (p) => {
        pid = p;
        queueMicrotask(() => controller.abort());
      },
    });
    assert.equal(r.outcome, 'cancelled');
    assert.ok(pid > 0 && !isAlive(pid));
  });

  it('does not start when already aborted', async () => {
    let spawned = false;
    const r = await run('console.log(1)', { signal: AbortSignal.abort(), onSpawn: () => (spawned = true) });
    assert.equal(r.outcome, 'cancelled');
    assert.equal(spawned, false);
  });

  it('rejects job files that would land outside the temp dir', async () => {
    await assert.rejects(runSandboxed({ files: { '../evil.js': '1' }, entry: '../evil.js' }), TypeError);
    await assert.rejects(runSandboxed({ files: { '/tmp/evil.js': '1' }, entry: 'x.js' }), TypeError);
  });
});

describe('runSandboxed network isolation', () => {
  let server: Server;
  let port = 0;
  let connections = 0;
  before(async () => {
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const attacks: [string, string][] = [
    ['http.get', `require('http').get('http://127.0.0.1:PORT/');`],
    ['net.connect', `require('net').connect(PORT, '127.0.0.1');`],
    ['fetch', `fetch('http://127.0.0.1:PORT/').catch(() => {});`],
    ['process.getBuiltinModule', `process.getBuiltinModule('node:net').connect(PORT, '127.0.0.1');`],
    ['dns lookup', `require('dns').lookup('localhost', () => {});`],
    ['the legacy _http_client alias', `new (require('_http_client').ClientRequest)('http://127.0.0.1:PORT/').end();`],
  ];
  for (const [name, code] of attacks) {
    it(`blocks ${name}`, async () => {
      const r = await run(code.replaceAll('PORT', String(port)));
      assert.equal(r.outcome, 'denied', r.stderr);
      assertNoTrace(r.stderr);
      assert.equal(connections, 0);
    });
  }

  it('the network namespace alone stops raw TCP (permission model and stubs bypassed)', async (t) => {
    const { probeIsolation } = await import('../../../server/src/sandbox');
    const profile = await probeIsolation({ without: ['permission'] });
    if (!profile.netns) return t.skip('no network namespace on this machine');
    const code = `const { TCP, TCPConnectWrap, constants } = process.binding('tcp_wrap');
const h = new TCP(constants.SOCKET); const req = new TCPConnectWrap();
req.oncomplete = (status) => { console.log('complete', status); h.close(); };
console.log('connect', h.connect(req, '127.0.0.1', ${port}));`;
    const r = await run(code, { isolation: profile });
    assert.ok(r.layers.includes('netns') && !r.layers.includes('node-permission'));
    assert.match(r.stdout, /connect -\d+/); // ENETUNREACH: no route at all
    assert.equal(connections, 0);
    assertNoTrace(r.stderr);
  });
});
