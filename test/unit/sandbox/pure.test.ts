import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCommand, classifyEnd, dataLimitBytes, parseProbeChannel, resolveLimits, type IsolationProfile } from '../../../server/src/sandbox';

const limits = resolveLimits();
const end = { exitCode: 0 as number | null, signal: null as NodeJS.Signals | null, stderr: '', durationMs: 10, cpuLimited: true };

describe('limits', () => {
  it('has the documented defaults and follows the wall clock for cpu', () => {
    assert.deepEqual(limits, { wallMs: 2000, cpuSeconds: 3, memoryMb: 256, maxOutputBytes: 65536, maxFileBytes: 8 * 1024 * 1024 });
    assert.equal(resolveLimits({ wallMs: 9500 }).cpuSeconds, 11);
    assert.equal(resolveLimits({ wallMs: -1, memoryMb: Number.NaN }).wallMs, 2000);
    assert.equal(dataLimitBytes(256), 640 * 1024 * 1024);
  });
});

describe('classifyEnd', () => {
  const cases: [string, Partial<typeof end> & { killedBy?: 'timeout' | 'output-limit' | 'cancelled' }, string][] = [
    ['clean exit', {}, 'ok'],
    ['non-zero exit', { exitCode: 1, stderr: 'Error: boom' }, 'error'],
    ['our wall timer', { killedBy: 'timeout', exitCode: null, signal: 'SIGKILL' }, 'timeout'],
    ['our output cap', { killedBy: 'output-limit', exitCode: null, signal: 'SIGKILL' }, 'output-limit'],
    ['cancel', { killedBy: 'cancelled', exitCode: null, signal: 'SIGKILL' }, 'cancelled'],
    ['SIGXCPU', { exitCode: null, signal: 'SIGXCPU' }, 'cpu-limit'],
    ['hard cpu SIGKILL', { exitCode: null, signal: 'SIGKILL', durationMs: 4100 }, 'cpu-limit'],
    ['early SIGKILL (oom killer)', { exitCode: null, signal: 'SIGKILL', durationMs: 300 }, 'memory-limit'],
    ['heap OOM', { exitCode: null, signal: 'SIGABRT', stderr: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' }, 'memory-limit'],
    ['buffer OOM', { exitCode: 1, stderr: 'RangeError: Array buffer allocation failed' }, 'memory-limit'],
    ['permission', { exitCode: 1, stderr: "Error: Access to this API has been restricted\n  code: 'ERR_ACCESS_DENIED'" }, 'denied'],
    ['SIGSEGV', { exitCode: null, signal: 'SIGSEGV' }, 'crashed'],
    ['SIGXFSZ', { exitCode: null, signal: 'SIGXFSZ' }, 'output-limit'],
  ];
  for (const [name, patch, expected] of cases) {
    it(name, () => assert.equal(classifyEnd({ ...end, ...patch }, limits).outcome, expected));
  }
});

describe('buildCommand', () => {
  const full: IsolationProfile = {
    nodePath: '/n/node', nodeEnv: {}, permission: true, disableWarning: true,
    netns: { unsharePath: '/u/unshare', mapRootUser: false }, prlimit: { prlimitPath: '/p/prlimit' }, bwrap: null, notes: [],
  };
  const opts = { dir: '/t/d', entryPath: '/t/d/e.js', preloadPath: '/t/d/pre.js', limits };
  it('with bubblewrap: prlimit, then bwrap with every namespace, nobody, no caps, seccomp on fd 4, then node; no unshare', () => {
    const bw = { ...full, bwrap: { bwrapPath: '/b/bwrap', seccomp: true, view: ['--ro-bind', '/usr', '/usr'] } };
    const c = buildCommand(bw, { ...opts, allowWorker: true });
    assert.equal(c.command, '/p/prlimit');
    const at = c.args.indexOf('/b/bwrap');
    assert.ok(at > 0 && !c.args.includes('/u/unshare'));
    const b = c.args.slice(at, c.args.indexOf('/n/node'));
    for (const flag of ['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop']) assert.ok(b.includes(flag), flag);
    assert.deepEqual(b.slice(b.indexOf('--uid'), b.indexOf('--uid') + 4), ['--uid', '65534', '--gid', '65534']);
    assert.deepEqual(b.slice(b.indexOf('--bind'), b.indexOf('--bind') + 3), ['--bind', '/t/d', '/t/d']);
    assert.deepEqual(b.slice(b.indexOf('--seccomp'), b.indexOf('--seccomp') + 2), ['--seccomp', '4']);
    assert.ok(!b.includes('/proc') && !b.includes('--proc'), 'no /proc in the view');
    assert.ok(c.args.includes('--allow-worker'));
    for (const layer of ['bwrap-namespaces', 'netns', 'seccomp', 'node-permission']) assert.ok(c.layers.includes(layer as never), layer);
    assert.ok(!buildCommand({ ...bw, bwrap: { ...bw.bwrap, seccomp: false } }, opts).layers.includes('seccomp'));
  });

  it('layers unshare, prlimit and node flags in order', () => {
    const c = buildCommand(full, opts);
    assert.equal(c.command, '/u/unshare');
    assert.deepEqual(c.args.slice(0, 3), ['--net', '--', '/p/prlimit']);
    assert.ok(c.args.includes('--allow-fs-read=/t/d') && c.args.includes('--allow-fs-write=/t/d'));
    assert.ok(c.args.includes('--max-old-space-size=256') && c.args.includes(`--data=${dataLimitBytes(256)}`));
    assert.equal(c.args.at(-1), '/t/d/e.js');
    assert.ok(c.layers.includes('netns') && c.layers.includes('node-permission') && c.layers.includes('rlimit-cpu'));
  });
  it('drops missing layers and says so', () => {
    const c = buildCommand({ ...full, netns: null, prlimit: null, permission: false }, opts);
    assert.equal(c.command, '/n/node');
    assert.ok(!c.args.some((a) => a.startsWith('--allow-fs') || a === '--experimental-permission'));
    assert.deepEqual(c.layers, ['heap-cap', 'env-scrub', 'temp-dir', 'net-stubs', 'kill-guard', 'process-group-kill']);
  });
});

describe('parseProbeChannel', () => {
  const nonce = 'WGabc';
  it('accepts only nonce-tagged records and needs the final record', () => {
    const text = `\nWGabc {"i":0,"s":"ok","v":"1"}\nWGxyz {"i":1,"s":"ok","v":"9"}\nWGabc {"i":1,"s":"threw","e":"E: x"}\nWGabc {"done":true,"count":2}\n`;
    const r = parseProbeChannel(text, nonce, 2);
    assert.equal(r.complete, true);
    assert.deepEqual(r.results, [{ status: 'ok', value: '1' }, { status: 'threw', error: 'E: x' }]);
    assert.equal(parseProbeChannel(text.replace('{"done":true,"count":2}', ''), nonce, 2).complete, false);
  });
  it('treats duplicates, bad counts and junk as incomplete', () => {
    const dup = `WGabc {"i":0,"s":"ok","v":"1"}\nWGabc {"i":0,"s":"ok","v":"2"}\nWGabc {"done":true,"count":1}`;
    assert.equal(parseProbeChannel(dup, nonce, 1).complete, false);
    const count = `WGabc {"i":0,"s":"ok","v":"1"}\nWGabc {"done":true,"count":3}`;
    assert.equal(parseProbeChannel(count, nonce, 1).complete, false);
    const junk = `WGabc {"i":0,"s":"ok","v":"1"}\nWGabc {"i":0,\nWGabc {"done":true,"count":1}`;
    assert.equal(parseProbeChannel(junk, nonce, 1).complete, false);
  });
});
