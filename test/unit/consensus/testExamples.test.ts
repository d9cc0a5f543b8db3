import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractTestExamples } from '../../../server/src/consensus/testExamples';

test('jest/vitest style: toBe, toEqual, toStrictEqual with literal arguments', () => {
  const src = [
    "import { describe, it, expect } from 'vitest';",
    "import { clamp, other } from './math';",
    "describe('clamp', () => {",
    "  it('clamps', () => {",
    '    expect(clamp(5, 0, 3)).toBe(3);',
    '    expect(clamp(-1, 0, 3)).toEqual(0);',
    "    expect(clamp(2, 0, 3)).toStrictEqual(2);",
    '    expect((clamp([1, 2] as number[], {a: -1}, "x"))).toEqual([1, { b: "c" }] as const);',
    '  });',
    '});',
  ].join('\n');
  assert.deepEqual(extractTestExamples(src, 'math.test.ts', 'clamp'), [
    { args: [5, 0, 3], expected: { value: 3 } },
    { args: [-1, 0, 3], expected: { value: 0 } },
    { args: [2, 0, 3], expected: { value: 2 } },
    { args: [[1, 2], { a: -1 }, 'x'], expected: { value: [1, { b: 'c' }] } },
  ]);
});

test('node:assert style: actual-first equal/strictEqual/deepEqual/deepStrictEqual, assert(f(…) === x), assert.ok', () => {
  const src = [
    "const assert = require('node:assert/strict');",
    "const { add } = require('./add');",
    "test('add', () => {",
    '  assert.equal(add(1, 2), 3);',
    '  assert.strictEqual(add(2, 2), 4, "message");',
    '  assert.deepEqual(add([1], [2]), [1, 2]);',
    '  assert.deepStrictEqual(add("a", "b"), "ab");',
    '  assert(add(0, 0) === 0);',
    '  assert.ok(add(-1, 1) == 0);',
    '  assert.equal(7, add(3, 4));', // expected-first: not assumed
    '});',
  ].join('\n');
  assert.deepEqual(extractTestExamples(src, 'add.test.js', 'add'), [
    { args: [1, 2], expected: { value: 3 } },
    { args: [2, 2], expected: { value: 4 } },
    { args: [[1], [2]], expected: { value: [1, 2] } },
    { args: ['a', 'b'], expected: { value: 'ab' } },
    { args: [0, 0], expected: { value: 0 } },
    { args: [-1, 1], expected: { value: 0 } },
  ]);
});

test('non-literal arguments or expected values, other matchers and negations are skipped', () => {
  const src = [
    'const x = 4;',
    'expect(clamp(x, 0, 3)).toBe(3);',
    'expect(clamp(1, 0, 3)).toBe(x);',
    'expect(clamp(...[1, 0, 3])).toBe(1);',
    'expect(clamp(1 + 1, 0, 3)).toBe(2);',
    'expect(clamp(9, 0, 3)).not.toBe(9);',
    'expect(clamp(9, 0, 3)).toBeGreaterThan(1);',
    'expect(clamp(9, 0, 3)).toBe(undefined);',
    'expect(await clamp(8, 0, 3)).toBe(3);',
    'assert.notEqual(clamp(7, 0, 3), 7);',
    'assert(clamp(6, 0, 3) > 2);',
    'expect(clamp(4, 0, 3)).toBe(3);',
    'expect(clamp(4, 0, 3)).toBe(99);', // a later duplicate of the same arguments is ignored
  ].join('\n');
  assert.deepEqual(extractTestExamples(src, 'math.spec.ts', 'clamp'), [{ args: [4, 0, 3], expected: { value: 3 } }]);
});

test('other functions, methods of the same name and broken files are ignored', () => {
  const src = [
    'expect(clampish(5, 0, 3)).toBe(3);',
    'expect(Math.clamp(5, 0, 3)).toBe(3);',
    'expect(other(5)).toBe(5);',
    'assert.equal(clamp2(1), 1);',
    'expect(clamp(1, 2, 3)).toBe(2)',
  ].join('\n');
  assert.deepEqual(extractTestExamples(src, 'a.test.ts', 'clamp'), [{ args: [1, 2, 3], expected: { value: 2 } }]);
  assert.deepEqual(extractTestExamples(src, 'a.test.ts', 'absent'), []);
  assert.deepEqual(extractTestExamples('expect(clamp(1, 2, 3)).toBe(2); }}} ((( <<<', 'b.test.tsx', 'clamp'), [{ args: [1, 2, 3], expected: { value: 2 } }]);
});

test('probe inputs: workspace test examples follow the prompt\'s, keep their expected values, dedupe, and get at least half the cap', async () => {
  const { deriveProbeInputs } = await import('../../../server/src/consensus/probeInputs');
  const prompt = '/** Clamp.\n * clamp(1, 0, 3) // => 1\n */\nexport function clamp(x: number, lo: number, hi: number): number {\n';
  const tests = [
    { args: [1, 0, 3], expected: { value: 1 } },
    { args: [5, 0, 3], expected: { value: 3 } },
    { args: [-2, 0, 3], expected: { value: 0 } },
  ];
  const inputs = deriveProbeInputs(prompt, 'clamp', { max: 8, testExamples: tests });
  assert.deepEqual(inputs.slice(0, 3), [
    { args: [1, 0, 3], source: 'doc', expected: { value: 1 } },
    { args: [5, 0, 3], source: 'test', expected: { value: 3 } },
    { args: [-2, 0, 3], source: 'test', expected: { value: 0 } },
  ]);
  assert.ok(inputs.slice(3).every((i) => i.source === 'generated' && i.expected === undefined));
  assert.equal(inputs.length, 8);
  // Without test examples the result is exactly what it was.
  assert.deepEqual(deriveProbeInputs(prompt, 'clamp', { max: 8, testExamples: [] }), deriveProbeInputs(prompt, 'clamp', { max: 8 }));
  // Many prompt examples leave room for the tests' examples.
  const many = Array.from({ length: 10 }, (_, i) => ` * clamp(${i + 10}, 0, 3) // => 3`).join('\n');
  const crowded = deriveProbeInputs(`/**\n${many}\n */\nfunction clamp(x, lo, hi) {\n`, 'clamp', { max: 8, testExamples: tests.slice(1) });
  assert.deepEqual(crowded.map((i) => i.source), ['doc', 'doc', 'doc', 'doc', 'doc', 'doc', 'test', 'test']);
});
