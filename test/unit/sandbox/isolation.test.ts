/** Layer detection: what the probe finds is what runs, and missing layers degrade gracefully. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getIsolation, probeIsolation, runProbes, runSandboxed } from '../../../server/src/sandbox';
import { randomName } from './helpers';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('isolation layers', () => {
  it('probes once and caches the profile', async () => {
    const a = getIsolation();
    assert.equal(getIsolation(), a);
    const profile = await a;
    assert.equal(profile.nodePath, process.execPath);
    // On Linux with Node 20 the permission model is always there; unshare/prlimit depend on the host.
    assert.equal(profile.permission, true, profile.notes.join('; '));
    for (const note of profile.notes) assert.match(note, /^(node-permission|netns|rlimits|bwrap|seccomp):/);
  });

  it('reports exactly the layers of the command line it ran', async () => {
    const profile = await getIsolation();
    const r = await runSandboxed({ files: { 'a.js': "console.log(Object.keys(require('os').networkInterfaces()).length)" }, entry: 'a.js' });
    assert.equal(r.outcome, 'ok');
    for (const layer of ['node-permission', 'heap-cap', 'env-scrub', 'temp-dir', 'net-stubs', 'process-group-kill']) {
      assert.ok(r.layers.includes(layer as never), `missing ${layer}`);
    }
    assert.equal(r.layers.includes('netns'), profile.netns !== null || profile.bwrap !== null);
    assert.equal(r.layers.includes('bwrap-namespaces'), profile.bwrap !== null);
    assert.equal(r.layers.includes('seccomp'), profile.bwrap?.seccomp === true);
    assert.equal(r.layers.includes('rlimit-cpu'), profile.prlimit !== null);
    if (profile.netns && !profile.bwrap) assert.equal(r.stdout.trim(), '0'); // no interfaces inside the namespace
    if (profile.bwrap) assert.equal(r.stdout.trim(), '1'); // bwrap's namespace has only its own loopback
    const probe = await runProbes({ code: 'function f() { return 1; }', entryPoint: 'f', inputs: [[]] });
    assert.deepEqual(probe.run.layers, r.layers);
  });

  it('probing starts its commands through the spawner helper (the server itself is not forked)', async () => {
    const { getSandboxSpawner, resetSandboxSpawner } = await import('../../../server/src/sandbox/spawner/client');
    resetSandboxSpawner();
    assert.equal(getSandboxSpawner().pid, undefined, 'no helper before probing');
    const profile = await probeIsolation();
    assert.equal(profile.permission, true, profile.notes.join('; '));
    const spawner = getSandboxSpawner();
    assert.equal(spawner.reason, undefined);
    assert.ok(spawner.pid !== undefined, 'probing started the helper, which started the probes');
  });

  it('this machine (root, util-linux, bubblewrap from .ci/run) offers netns, rlimits and bwrap with seccomp', { skip: !isRoot && 'not root' }, async () => {
    const profile = await getIsolation();
    assert.ok(profile.netns, profile.notes.join('; '));
    assert.ok(profile.prlimit, profile.notes.join('; '));
    assert.ok(profile.bwrap?.seccomp, profile.notes.join('; '));
  });

  it('inside bwrap: a namespace pid, uid nobody, no /proc, /etc or /home, only its own dir in the parent dir', async () => {
    const code = `const fs = require('fs');
      let parent = 'denied'; try { parent = fs.readdirSync(require('path').dirname(process.cwd())).length; } catch {}
      console.log(JSON.stringify({ pid: process.pid, uid: process.getuid(), root: (() => { try { return fs.readdirSync('/'); } catch (e) { return e.code; } })(), parent }));`;
    const profile = await getIsolation();
    if (!profile.bwrap) return;
    const r = await runSandboxed({ files: { 'a.js': code }, entry: 'a.js', isolation: { ...profile, permission: false } });
    assert.equal(r.outcome, 'ok', r.stderr);
    const seen = JSON.parse(r.stdout) as { pid: number; uid: number; root: string[]; parent: number };
    assert.ok(seen.pid <= 3, `pid ${seen.pid}`);
    assert.equal(seen.uid, 65534);
    for (const hidden of ['proc', 'etc', 'home', 'root', 'run', 'var', 'sys']) assert.ok(!seen.root.includes(hidden), `/${hidden} is visible`);
    assert.equal(seen.parent, 1);
  });

  it('falls back without netns and rlimits, and says so', async () => {
    const profile = await probeIsolation({ without: ['netns', 'prlimit', 'bwrap'] });
    assert.equal(profile.netns, null);
    assert.equal(profile.prlimit, null);
    assert.equal(profile.bwrap, null);
    assert.deepEqual(profile.notes.sort(), ['bwrap: disabled by caller', 'netns: disabled by caller', 'rlimits: disabled by caller']);
    const target = join(tmpdir(), randomName('weavergen-pwned-'));
    const code = `require('fs').writeFileSync(${JSON.stringify(target)}, 'x')`;
    const r = await runSandboxed({ files: { 'a.js': code }, entry: 'a.js', isolation: profile });
    assert.equal(r.outcome, 'denied');
    assert.equal(existsSync(target), false);
    assert.ok(!r.layers.includes('netns') && !r.layers.includes('rlimit-data'));
  });

  it('without the permission model, the stubs still block process and network modules', async () => {
    const profile = await probeIsolation({ without: ['permission'] });
    assert.equal(profile.permission, false);
    const r = await runSandboxed({ files: { 'a.js': "require('child_process').execSync('true')" }, entry: 'a.js', isolation: profile });
    assert.equal(r.outcome, 'denied', r.stderr);
    assert.ok(!r.layers.includes('node-permission') && r.layers.includes('net-stubs'));
  });
});
