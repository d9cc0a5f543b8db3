/**
 * runProbes: correct candidates give genuine results; hostile candidates (infinite loops,
 * process.exit, global tampering, forged records, floods) end as classified failures and
 * never as fake passes. Many probes share one child, so this suite stays fast.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runProbes, type ProbeJob } from '../../../server/src/sandbox';
import { assertNoTrace, isAlive } from './helpers';

const probe = (code: string, inputs: unknown[][], extra: Partial<ProbeJob> = {}) =>
  runProbes({ code, entryPoint: 'solve', inputs, perInputMs: 300, ...extra });

/** Candidate-side trace: the harness sends candidate console output to stderr. */
const TRACE = "{ const P = this.constructor.constructor('return process')(); console.log('TRACE ' + P.cwd() + ' ' + P.pid + ' ' + P.getuid()); }";

/** Reaches the harness's own realm the classic way (the sandbox object is an outer-realm object). */
const OUTER = "const OUTER = this.constructor.constructor('return this')();";

describe('runProbes with correct candidates', () => {
  it('returns canonical values for each input', async () => {
    const r = await probe('function solve(a, b) { return { sum: a + b, list: [a, b] }; }', [[1, 2], [-0, 0], ['x', 'y']]);
    assert.equal(r.outcome, 'ok');
    assert.equal(r.complete, true);
    assert.deepEqual(r.results, [
      { status: 'ok', value: '{"list":[1,2],"sum":3}' },
      { status: 'ok', value: '{"list":[-0,0],"sum":0}' },
      { status: 'ok', value: '{"list":["x","y"],"sum":"xy"}' },
    ]);
  });

  it('supports const arrows, module.exports, async results and allowed modules', async () => {
    const arrow = await probe('const solve = (n) => n * 2;', [[21]]);
    assert.deepEqual(arrow.results, [{ status: 'ok', value: '42' }]);
    const exported = await probe('module.exports = { solve: (s) => s.toUpperCase() };', [['ab']]);
    assert.deepEqual(exported.results, [{ status: 'ok', value: '"AB"' }]);
    const asyncR = await probe('async function solve(n) { await new Promise((r) => setTimeout(r, 5)); return [n]; }', [[1]]);
    assert.deepEqual(asyncR.results, [{ status: 'ok', value: '[1]' }]);
    const md5 = await probe("function solve(s) { return require('node:crypto').createHash('md5').update(s).digest('hex'); }", [['a']]);
    assert.deepEqual(md5.results, [{ status: 'ok', value: '"0cc175b9c0f1b6a831c399e269772661"' }]);
  });

  it('reports thrown errors, syntax errors and a missing entry point per input', async () => {
    const threw = await probe('function solve(n) { if (n) throw new RangeError("bad " + n); return 0; }', [[0], [7]]);
    assert.deepEqual(threw.results, [{ status: 'ok', value: '0' }, { status: 'threw', error: 'RangeError: bad 7' }]);
    const syntax = await probe('function solve( {', [[1]]);
    assert.equal(syntax.results[0]?.status, 'threw');
    assert.match(syntax.results[0]?.error ?? '', /^SyntaxError/);
    const missing = await probe('function other() {}', [[1]]);
    assert.deepEqual(missing.results, [{ status: 'threw', error: 'TypeError: entry point solve is not a function' }]);
  });

  it('passes undefined, NaN, -0, Infinity and BigInt arguments exactly, as values of the candidate realm', async () => {
    const code = 'function solve(...args) { return [args instanceof Array, args[5] instanceof Object, ...args]; }';
    const r = await probe(code, [[undefined, NaN, -0, -Infinity, 10n, { a: [undefined] }]]);
    assert.deepEqual(r.results, [{ status: 'ok', value: '[true,true,undefined,NaN,-0,-Infinity,10n,{"a":[undefined]}]' }]);
  });

  it('rejects an entry point that is not an identifier', async () => {
    await assert.rejects(runProbes({ code: '', entryPoint: 'a;process.exit()', inputs: [] }), TypeError);
  });
});

describe('runProbes against hostile candidates', () => {
  it('gives a synchronous infinite loop its own timeout and runs the other inputs', async () => {
    const r = await probe(`${TRACE} function solve(n) { if (n === 2) for (;;) {} return n; }`, [[1], [2], [3]]);
    assert.equal(r.outcome, 'ok');
    assert.deepEqual(r.results, [{ status: 'ok', value: '1' }, { status: 'timeout' }, { status: 'ok', value: '3' }]);
    assertNoTrace(r.run.stderr);
  });

  it('gives async infinite loops (microtasks and timers) their own timeout', async () => {
    const code = `async function solve(n) {
      if (n === 1) { await null; for (;;) {} }
      if (n === 2) { await new Promise((r) => setTimeout(r, 1)); for (;;) {} }
      if (n === 3) return new Promise(() => {});
      return n; }`;
    const r = await probe(code, [[0], [1], [2], [3], [4]]);
    assert.equal(r.outcome, 'ok');
    assert.deepEqual(r.results.map((x) => x.status), ['ok', 'timeout', 'timeout', 'timeout', 'ok']);
  });

  it('a top-level infinite loop times out every input, without hanging', async () => {
    const r = await probe('for (;;) {} function solve() { return 1; }', [[1], [2]]);
    assert.deepEqual(r.results.map((x) => x.status), ['timeout', 'timeout']);
  });

  it('process.exit(0) ends only the candidate\'s worker: that input threw, later inputs run in a fresh one', async () => {
    const code = `${TRACE} function solve(n) { if (n === 2) this.constructor.constructor('return process')().exit(0); return n; }`;
    const r = await probe(code, [[1], [2], [3]]);
    assert.equal(r.outcome, 'ok');
    assert.deepEqual(r.results.map((x) => x.status), ['ok', 'threw', 'ok']);
    assert.match(r.results[1]?.error ?? '', /ended its worker during this input/);
    assertNoTrace(r.run.stderr);
  });

  it('process.exit(0) or process.reallyExit(0) at load time leaves no result standing', async () => {
    for (const exit of ['exit', 'reallyExit']) {
      const r = await probe(`this.constructor.constructor('return process')().${exit}(0); function solve() { return 1; }`, [[1], [2], [3], [4], [5], [6]]);
      assert.ok(r.results.every((x) => x.status === 'threw'), JSON.stringify(r.results));
    }
  });

  it('overwriting JSON, Array.prototype.push and Object.prototype in both realms changes nothing', async () => {
    const code = `${OUTER}
      for (const G of [globalThis, OUTER]) {
        G.JSON.stringify = () => '{"i":0,"s":"ok","v":"FORGED"}';
        G.JSON.parse = () => ({ forged: true });
        G.Array.prototype.push = function () { return 0; };
        G.Array.prototype.join = function () { return 'FORGED'; };
        G.Object.prototype.toJSON = function () { return 'FORGED'; };
        G.Object.defineProperty(G.Array.prototype, '0', { set() {}, get() { return 'FORGED'; }, configurable: true });
        G.Object.defineProperty(G.Object.prototype, 'status', { set() {}, get() { return 'ok'; }, configurable: true });
        G.String.prototype.slice = function () { return 'FORGED'; };
        G.Reflect.apply = () => 'FORGED';
        G.Function.prototype.call = function () { return 'FORGED'; };
      }
      function solve(n) { return { n, list: [n, n + 1] }; }`;
    const r = await probe(code, [[1], [2]]);
    assert.equal(r.outcome, 'ok', r.run.stderr);
    assert.deepEqual(r.results, [
      { status: 'ok', value: '{"list":[1,2],"n":1}' },
      { status: 'ok', value: '{"list":[2,3],"n":2}' },
    ]);
  });

  it('hooking then/constructor on the harness realm cannot resolve results with forged values', async () => {
    const code = `${OUTER}
      const forge = function (resolve) { resolve({ __proto__: null, status: 'ok', value: '"FORGED"' }); };
      OUTER.Object.prototype.then = forge;
      OUTER.Promise.prototype.then = forge;
      OUTER.Object.defineProperty(OUTER.Promise.prototype, 'constructor', { get() { return function () {}; }, configurable: true });
      async function solve(n) { await null; return n * 2; }`;
    const r = await probe(code, [[1], [2]]);
    assert.equal(r.outcome, 'ok', r.run.stderr);
    assert.deepEqual(r.results, [{ status: 'ok', value: '2' }, { status: 'ok', value: '4' }]);
  });

  it('forged result lines on stdout, stderr and the harness channel are ignored', async () => {
    const code = `${OUTER}
      const fs = OUTER.process.getBuiltinModule('fs');
      const forged = (n) => '\\nWG00000000000000000000000000000000 {"i":' + n + ',"s":"ok","v":"42"}\\n';
      function solve(n) {
        for (const fd of [1, 2, 3]) fs.writeSync(fd, forged(n) + 'WG {"done":true,"count":2}\\n');
        return 'real-' + n;
      }`;
    const r = await probe(code, [[0], [1]]);
    assert.equal(r.outcome, 'ok');
    assert.deepEqual(r.results, [{ status: 'ok', value: '"real-0"' }, { status: 'ok', value: '"real-1"' }]);
  });

  it('forging a final record and exiting: the forged records are ignored, the input threw', async () => {
    const code = `${OUTER}
      function solve(n) {
        const fs = OUTER.process.getBuiltinModule('fs');
        fs.writeSync(3, '\\nWGdeadbeef {"i":0,"s":"ok","v":"42"}\\nWGdeadbeef {"done":true,"count":1}\\n');
        OUTER.process.reallyExit(0);
      }`;
    const r = await probe(code, [[0]]);
    assert.equal(r.results[0]?.status, 'threw');
    assert.notEqual(r.results[0]?.value, '42');
  });

  it('cannot call or replace the harness hook on its global', async () => {
    const code = `
      const names = [...Reflect.ownKeys(globalThis), ...Object.getOwnPropertyNames(globalThis)];
      for (const k in globalThis) names.push(k);
      const hooks = names.filter((k) => typeof k === 'string' && k.startsWith('__weavergen'));
      for (const k of hooks) {
        try { globalThis[k](); } catch {}
        try { globalThis[k] = () => {}; } catch {}
        try { Object.defineProperty(globalThis, k, { value: () => {} }); } catch {}
        try { delete globalThis[k]; } catch {}
      }
      function solve(n) { for (const k of hooks) try { globalThis[k](); } catch {} return n; }`;
    const r = await probe(code, [[0], [10]]);
    assert.equal(r.outcome, 'ok', r.run.stderr);
    assert.deepEqual(r.results, [{ status: 'ok', value: '0' }, { status: 'ok', value: '10' }]);
  });

  it('flooding stdout from the outer realm never passes and ends within the limits; console spam is only capped', async () => {
    const flood = await probe(`${TRACE} ${OUTER} function solve() { const s = 'x'.repeat(1 << 16); for (;;) OUTER.process.stdout.write(s); }`, [[1], [2]]);
    assert.ok(flood.results.every((x) => x.status !== 'ok'), JSON.stringify(flood.results));
    assertNoTrace(flood.run.stderr);
    // The slice is a bound for a hang: generous, so a loaded machine does not turn spam into a timeout.
    const chatty = await probe("function solve(n) { for (let i = 0; i < 10000; i++) console.log('spam', i); return n; }", [[1]], { perInputMs: 10_000 });
    assert.equal(chatty.outcome, 'ok');
    assert.deepEqual(chatty.results, [{ status: 'ok', value: '1' }]);
  });

  it('child_process and network modules are unavailable inside the probe context and outside it', async () => {
    const code = `${OUTER}
      function solve(which) {
        if (which === 'inner') return require('child_process');
        if (which === 'net') return require('net');
        return OUTER.process.getBuiltinModule('child_process').execSync('id').toString();
      }`;
    const r = await probe(code, [['inner'], ['net'], ['outer']]);
    assert.equal(r.outcome, 'ok');
    assert.deepEqual(r.results.map((x) => x.status), ['threw', 'threw', 'threw']);
    assert.match(r.results[2]?.error ?? '', /denied|restricted/i);
  });

  it('a memory bomb in one input fails that input, never as a pass', async () => {
    // Whether V8 reports the heap limit or the slice's timeout first depends on the machine's
    // load; either way the bombing input has no result, and the clean one before it has its own.
    const r = await probe('function solve(n) { if (n) { const a = []; for (;;) a.push(new Array(1e6).fill(n)); } return 0; }', [[0], [1], [2]], {
      limits: { memoryMb: 64 },
    });
    assert.deepEqual(r.results[0], { status: 'ok', value: '0' });
    assert.ok(r.results.slice(1).every((x) => x.status !== 'ok'), JSON.stringify(r.results));
    assert.ok(['ok', 'memory-limit', 'timeout'].includes(r.outcome), r.outcome);
  });

  it('cancels a running probe batch promptly', async () => {
    const controller = new AbortController();
    const pending = probe(`${TRACE} function solve() { for (;;) {} }`, [[1], [2], [3]], { perInputMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const r = await pending;
    // 'cancelled', not 'timeout': the abort ended the run long before its 17 s wall clock.
    assert.equal(r.outcome, 'cancelled');
    assert.ok(r.results.every((x) => x.status === 'not-run'));
    // Inside bubblewrap the traced pid is the namespace's own; the process is checked out here only without it.
    const [, pid, uid] = /TRACE \S+ (\d+) (\d+)/.exec(r.run.stderr) ?? [];
    if (pid && Number(uid) !== 65534) assert.equal(isAlive(Number(pid)), false);
  });
});
