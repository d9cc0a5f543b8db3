/** Validation by execution in the real sandbox: pass/fail against the implementation, mutants killed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateCandidate } from '../../../server/src/testgen/validate';
import { buildTestScript, parseResults, RESULT_MARK } from '../../../server/src/testgen/script';
import { functionAt } from '../../../server/src/testgen/target';
import type { TestFramework } from '../../../server/src/protocol/testgen';

const MOD = '/** Adds. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n';
const target = functionAt(MOD, 'math.ts', 20)!;
const NODE = "import { describe, it } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from './math';\n";
const run = (testCode: string, framework: TestFramework = 'node:test', moduleText = MOD) =>
  validateCandidate({ moduleText, moduleFile: 'math.ts', target: functionAt(moduleText, 'math.ts', 20)!, testCode, importSpecifier: './math', framework });

test('a correct test passes against the implementation and kills both mutants', async () => {
  const v = await run(`${NODE}describe('add', () => { it('adds', () => { assert.equal(add(1, 2), 3); assert.equal(add(-1, 1), 0); }); });`);
  assert.equal(v.passed, true, v.error);
  assert.equal(v.testsPassed, 1);
  assert.equal(v.assertions, 2);
  assert.deepEqual([v.mutantsKilled, v.mutantsTotal], [2, 2]);
  assert.ok(v.layers.length > 0, 'ran in the sandbox');
});

test('a wrong test fails, with the failure reported', async () => {
  const v = await run(`${NODE}describe('add', () => { it('adds', () => { assert.equal(add(1, 2), 4); }); });`);
  assert.equal(v.passed, false);
  assert.equal(v.testsFailed, 1);
  assert.equal(v.mutantsKilled, 0);
  assert.match(v.error ?? '', /add > adds: .*3 !== 4|3 !== 4/s);
});

test('a trivial test passes but kills no mutant', async () => {
  const v = await run(`${NODE}it('exists', () => { assert.equal(typeof add, 'function'); });`);
  assert.equal(v.passed, true, v.error);
  assert.equal(v.mutantsKilled, 0);
});

test('vitest/jest expect, async tests, hooks; a rejecting async test fails', async () => {
  const vit = "import { describe, it, expect, beforeEach } from 'vitest';\nimport { add } from './math';\n" +
    "let base = 0;\ndescribe('add', () => {\n  beforeEach(() => { base = 1; });\n  it('adds', async () => {\n    expect(add(base, 1)).toBe(2);\n    expect(add(0, 0)).not.toBe(1);\n    expect([add(1, 1)]).toEqual([2]);\n  });\n});\n";
  const ok = await run(vit, 'vitest');
  assert.equal(ok.passed, true, ok.error);
  assert.equal(ok.assertions, 3);
  assert.equal(ok.mutantsKilled, 2);
  const jest = "describe('add', () => { it('adds', async () => { await Promise.resolve(); expect(add(2, 2)).toBe(5); }); });\nimport { add } from './math';\n";
  const bad = await run(jest, 'jest');
  assert.equal(bad.passed, false);
  assert.match(bad.error ?? '', /expected 4 to be 5/);
});

test('imports the sandbox cannot satisfy fail the candidate instead of escaping', async () => {
  const v = await run(`import { readFileSync } from 'node:fs';\nimport { other } from './other';\n${NODE}it('x', () => { assert.equal(add(1, other), 2); readFileSync; });`);
  assert.equal(v.passed, false);
  assert.match(v.error ?? '', /\.\/other/);
});

test('script results: one line per variant; mutants run only after the original passed; forged lines without JSON are ignored', () => {
  const script = buildTestScript({ variants: [{ name: 'original', text: MOD }], moduleFile: 'math.ts', testCode: 'it("x", () => {});', importSpecifier: './math', framework: 'mocha' });
  assert.match(script, /__wgHarness\("mocha"/);
  assert.ok(target);
  const parsed = parseResults(`noise\n${RESULT_MARK} original {"passed":1,"failed":0,"assertions":2}\n${RESULT_MARK} m1 not-json\n${RESULT_MARK} original {"passed":0,"failed":3,"assertions":0}\n`);
  assert.deepEqual([...parsed.keys()], ['original']);
  assert.equal(parsed.get('original')?.passed, 1, 'the first line of a variant counts');
});
