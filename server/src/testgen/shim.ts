/**
 * Source (plain JS) of the in-script test harness: describe/it/test/suite + hooks, a
 * counting proxy over `node:assert`, and a small `expect` for vitest/jest. It collects the
 * tests a test module registers, runs them one by one (async-aware, each under a timeout)
 * and returns { passed, failed, assertions, error }. Runs only inside the sandbox
 * (script.ts assembles it into the program run by runTestProgram).
 */
export const SHIM_SOURCE = String.raw`
function __wgHarness(framework, testTimeoutMs) {
  const util = require('node:util');
  const h = { assertions: 0 };
  const root = { name: '', tests: [], suites: [], before: [], after: [], beforeEach: [], afterEach: [] };
  let cur = root;
  const short = (e) => String((e && (e.message || e)) || e).split('\n').slice(0, 6).join('\n').slice(0, 400);
  const describe = (name, fn, maybe) => {
    if (typeof fn !== 'function') fn = maybe;
    const s = { name: String(name), tests: [], suites: [], before: [], after: [], beforeEach: [], afterEach: [], parent: cur };
    cur.suites.push(s);
    const prev = cur;
    cur = s;
    try { if (typeof fn === 'function') fn(); } finally { cur = prev; }
  };
  const it = (name, fn, maybe) => {
    if (typeof fn !== 'function') fn = typeof maybe === 'function' ? maybe : undefined;
    cur.tests.push({ name: String(name), fn });
  };
  const skip = () => undefined;
  for (const f of [describe, it]) { f.skip = skip; f.todo = skip; f.only = f; }
  const hook = (k) => (fn) => { if (typeof fn === 'function') cur[k].push(fn); };
  const withTimeout = (p) => new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('test timed out after ' + testTimeoutMs + ' ms')), testTimeoutMs);
    Promise.resolve(p).then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
  const call = (fn, ctx) => {
    if (framework !== 'node:test' && fn.length > 0) {
      return new Promise((resolve, reject) => fn.call(ctx, (err) => (err ? reject(err) : resolve())));
    }
    return fn.call(ctx, ctx);
  };
  const countProxy = (target) => new Proxy(target, {
    apply(t, self, args) { h.assertions++; return Reflect.apply(t, self, args); },
    get(t, k) {
      const v = Reflect.get(t, k);
      if (typeof v !== 'function' || k === 'AssertionError' || k === 'CallTracker' || k === 'strict') return k === 'strict' ? proxied : v;
      return (...args) => { h.assertions++; return v.apply(t, args); };
    },
  });
  const assertMod = require('node:assert');
  const proxied = countProxy(assertMod.strict);
  const loose = countProxy(assertMod);
  const expect = (actual) => makeExpect(actual, false);
  const fail = (msg) => { throw new assertMod.AssertionError({ message: msg }); };
  const show = (v) => util.inspect(v, { depth: 4 });
  const isObj = (v) => typeof v === 'object' && v !== null;
  const json = (v) => { try { return JSON.parse(JSON.stringify(v)); } catch { return v; } };
  function makeExpect(actual, negate) {
    const check = (ok, what) => { h.assertions++; if (Boolean(ok) === negate) fail('expected ' + show(actual) + (negate ? ' not ' : ' ') + what); };
    const m = {
      toBe: (e) => check(Object.is(actual, e), 'to be ' + show(e)),
      toEqual: (e) => check(util.isDeepStrictEqual(actual, e) || (isObj(actual) && isObj(e) && util.isDeepStrictEqual(json(actual), json(e))), 'to equal ' + show(e)),
      toStrictEqual: (e) => check(util.isDeepStrictEqual(actual, e), 'to strictly equal ' + show(e)),
      toBeTruthy: () => check(!!actual, 'to be truthy'),
      toBeFalsy: () => check(!actual, 'to be falsy'),
      toBeNull: () => check(actual === null, 'to be null'),
      toBeUndefined: () => check(actual === undefined, 'to be undefined'),
      toBeDefined: () => check(actual !== undefined, 'to be defined'),
      toBeNaN: () => check(Number.isNaN(actual), 'to be NaN'),
      toBeGreaterThan: (e) => check(actual > e, 'to be > ' + show(e)),
      toBeGreaterThanOrEqual: (e) => check(actual >= e, 'to be >= ' + show(e)),
      toBeLessThan: (e) => check(actual < e, 'to be < ' + show(e)),
      toBeLessThanOrEqual: (e) => check(actual <= e, 'to be <= ' + show(e)),
      toBeCloseTo: (e, d = 2) => check(Math.abs(actual - e) < Math.pow(10, -d) / 2, 'to be close to ' + show(e)),
      toContain: (e) => check(actual != null && actual.includes(e), 'to contain ' + show(e)),
      toContainEqual: (e) => check(Array.isArray(actual) && actual.some((x) => util.isDeepStrictEqual(x, e)), 'to contain equal ' + show(e)),
      toHaveLength: (n) => check(actual != null && actual.length === n, 'to have length ' + n),
      toHaveProperty: (k) => check(actual != null && k in Object(actual), 'to have property ' + show(k)),
      toMatch: (re) => check(typeof actual === 'string' && (re instanceof RegExp ? re.test(actual) : actual.includes(re)), 'to match ' + show(re)),
      toBeInstanceOf: (c) => check(actual instanceof c, 'to be an instance of ' + (c && c.name)),
      toThrow: (what) => {
        let threw = false; let err;
        try { actual(); } catch (e) { threw = true; err = e; }
        const msg = err && err.message !== undefined ? String(err.message) : String(err);
        const matches = !threw ? false : what === undefined ? true : what instanceof RegExp ? what.test(msg)
          : typeof what === 'string' ? msg.includes(what) : typeof what === 'function' ? err instanceof what : true;
        check(matches, 'to throw ' + (what === undefined ? '' : show(what)));
      },
    };
    m.toThrowError = m.toThrow;
    if (!negate) {
      Object.defineProperty(m, 'not', { get: () => makeExpect(actual, true) });
      m.resolves = new Proxy({}, { get: (_, k) => async (...a) => makeExpect(await actual, false)[k](...a) });
      m.rejects = new Proxy({}, { get: (_, k) => async (...a) => {
        let e; let threw = false;
        try { await actual; } catch (x) { e = x; threw = true; }
        if (!threw) fail('expected the promise to reject');
        return makeExpect(() => { throw e; }, false)[k](...a);
      } });
    }
    return m;
  }
  expect.assertions = () => undefined;
  expect.hasAssertions = () => undefined;
  const chain = (s) => (s ? chain(s.parent).concat([s]) : []);
  async function runSuite(s, res) {
    for (const f of s.before) await withTimeout(call(f, {}));
    for (const t of s.tests) {
      if (!t.fn) continue;
      const suites = chain(s);
      const ctx = { name: t.name, test: async (n, f) => { await withTimeout(call(f, ctx)); }, skip: () => undefined, todo: () => undefined, diagnostic: () => undefined };
      try {
        for (const p of suites) for (const f of p.beforeEach) await withTimeout(call(f, ctx));
        await withTimeout(call(t.fn, ctx));
        for (const p of suites.slice().reverse()) for (const f of p.afterEach) await withTimeout(call(f, ctx));
        res.passed++;
      } catch (e) {
        res.failed++;
        if (!res.error) res.error = suites.map((p) => p.name).filter(Boolean).concat([t.name]).join(' > ') + ': ' + short(e);
      }
    }
    for (const c of s.suites) await runSuite(c, res);
    for (const f of s.after) await withTimeout(call(f, {}));
  }
  h.api = {
    describe, it, test: it, suite: describe, context: describe, expect,
    before: hook('before'), beforeAll: hook('before'), after: hook('after'), afterAll: hook('after'),
    beforeEach: hook('beforeEach'), afterEach: hook('afterEach'),
    vi: { fn: (impl) => impl || (() => undefined) }, jest: { fn: (impl) => impl || (() => undefined) },
  };
  h.assert = { strict: proxied, loose };
  h.run = async () => {
    const res = { passed: 0, failed: 0, assertions: 0 };
    try { await runSuite(root, res); } catch (e) { res.failed++; res.error = res.error || ('hook failed: ' + short(e)); }
    res.assertions = h.assertions;
    return res;
  };
  h.short = short;
  return h;
}
`;
