/** Candidates spliced into their file -> CommonJS run in the real sandbox. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { declaredFunctionName, makeRunnable } from '../../../server/src/orchestra/runnable';
import { runProbes } from '../../../server/src/sandbox';

const FILE = [
  "import { readFileSync } from 'node:fs';",
  "import { scale } from './geometry';",
  'const FACTOR: number = 2;',
  'readFileSync("/etc/passwd");', // a top-level statement: never run
  '/** Doubles the area. area(2, 3) => 12 */',
  'export function area(w: number, h: number): number {',
  '  return w * h * FACTOR;',
  '}',
  'export class Shape {',
  '  size(): number { return this.w; }',
  '  w = 1;',
  '}',
].join('\n');

test('TS file -> runnable CommonJS: types stripped, imports stubbed, top-level statements dropped', async () => {
  const r = makeRunnable(FILE, 'shapes.ts', 'area', 'double the area');
  assert.ok(r.ok);
  assert.match(r.prompt, /^\/\/ double the area\n\/\*\* Doubles the area/);
  assert.match(r.prompt, /export function area\(w: number, h: number\): number \{$/);
  assert.doesNotMatch(r.code, /\/etc\/passwd/);
  const run = await runProbes({ code: r.code, entryPoint: 'area', inputs: [[2, 3], [0, 5]] });
  assert.equal(run.outcome, 'ok', JSON.stringify(run.run));
  assert.deepEqual(run.results.map((x) => x.value), ['12', '0']);
});

test('a method needs `this`: refused with the reason', () => {
  const r = makeRunnable(FILE, 'shapes.ts', 'size');
  assert.deepEqual(r, { ok: false, reason: 'cannot run size: size is a method and needs `this`' });
});

test('a missing function and a nested one are refused', () => {
  assert.match((makeRunnable(FILE, 'shapes.ts', 'nope') as { reason: string }).reason, /no top-level function named nope/);
  const nested = 'function outer() {\n  function inner(x) { return x; }\n  return inner;\n}\n';
  assert.match((makeRunnable(nested, 'n.js', 'inner') as { reason: string }).reason, /nested inside another function/);
});

test('whole-declaration answers: the declared function is the entry point', () => {
  assert.equal(declaredFunctionName('// helper\nexport const clamp = (x: number) => Math.max(0, x);\n'), 'clamp');
  assert.equal(declaredFunctionName('function sum(a, b) { return a + b; }'), 'sum');
  assert.equal(declaredFunctionName('let x = 1;'), undefined);
});
