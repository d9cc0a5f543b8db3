import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalize, runProbes } from '../../../server/src/sandbox';

/** [expression building the value, canonical string]; the expression is also run inside the sandbox. */
const GOLDEN: [string, string][] = [
  ['undefined', 'undefined'],
  ['null', 'null'],
  ['true', 'true'],
  ['NaN', 'NaN'],
  ['-0', '-0'],
  ['0', '0'],
  ['Infinity', 'Infinity'],
  ['-Infinity', '-Infinity'],
  ['0.1 + 0.2', '0.30000000000000004'],
  ['2n ** 70n', '1180591620717411303424n'],
  ['"a\\"b\\n"', '"a\\"b\\n"'],
  ['Symbol("s")', 'Symbol(s)'],
  ['function named() {}', '[Function]'],
  ['[1, , 3]', '[1,<hole>,3]'],
  ['({ b: 1, a: [2, { d: undefined }] })', '{"a":[2,{"d":undefined}],"b":1}'],
  ['new Map([[2, "b"], [1, "a"]])', 'Map{1=>"a",2=>"b"}'],
  ['new Set([3, 1, "1"])', 'Set{"1",1,3}'],
  ['new Date(0)', 'Date(1970-01-01T00:00:00.000Z)'],
  ['new Date(NaN)', 'Date(Invalid)'],
  ['/x+/gi', '/x+/gi'],
  ['new TypeError("bad")', 'Error(TypeError: bad)'],
  ['new Uint8Array([1, 2])', 'Uint8Array[1,2]'],
  ['Object(1)', 'Number(1)'],
  ['(() => { const o = { a: 1 }; o.self = o; return o; })()', '{"a":1,"self":[Circular]}'],
  ['(() => { const s = [1]; return [s, s]; })()', '[[1],[1]]'],
  ['new (class Point { constructor() { this.x = 1; } })()', 'Point{"x":1}'],
  ['Object.create(null)', '{}'],
  ['Promise.resolve(1).then', '[Function]'],
];

describe('canonical serialisation', () => {
  for (const [expr, expected] of GOLDEN) {
    it(`${expr} → ${expected}`, () => assert.equal(canonicalize((0, eval)(`(${expr})`)), expected));
  }

  it('is insensitive to key and entry insertion order', () => {
    assert.equal(canonicalize({ a: 1, b: 2 }), canonicalize({ b: 2, a: 1 }));
    assert.equal(canonicalize(new Map([[1, 1], [2, 2]])), canonicalize(new Map([[2, 2], [1, 1]])));
    assert.notEqual(canonicalize([1, 2]), canonicalize([2, 1]));
    assert.notEqual(canonicalize(0), canonicalize(-0));
    assert.notEqual(canonicalize('1'), canonicalize(1));
  });

  it('truncates huge values', () => {
    assert.equal(canonicalize('x'.repeat(100), 20), '…[truncated]');
  });

  it('gives the same strings inside the sandbox (other realm, same serialiser)', async () => {
    const code = `const values = [${GOLDEN.map(([e]) => e).join(',\n')}];\nfunction pick(i) { return values[i]; }`;
    const probe = await runProbes({ code, entryPoint: 'pick', inputs: GOLDEN.map((_, i) => [i]) });
    assert.equal(probe.outcome, 'ok', probe.run.stderr);
    assert.deepEqual(probe.results.map((r) => r.value), GOLDEN.map(([, s]) => s));
  });
});
