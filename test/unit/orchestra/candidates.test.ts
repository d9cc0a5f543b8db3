/** Candidate extraction, overlap trimming, dedupe; hunks between winner and alternatives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractCandidate, groupCandidates, trimOverlap } from '../../../server/src/orchestra/candidates';
import { lineChanges, mergeHunks } from '../../../server/src/orchestra/hunks';
import { findSite } from '../../../server/src/context/siteFinder';

const FILE = 'export function area(w: number, h: number): number {\n  throw new Error("not implemented");\n}\n';
const found = () => findSite(FILE, 'a.ts', { position: { line: 1, character: 4 } })!;

test('extraction: fences stripped, code indented for the body', () => {
  assert.deepEqual(extractCandidate('Here:\n```ts\nreturn w * h;\n```', FILE, found())?.code, '  return w * h;');
});

test('answers that only repeat the stub or the surrounding code are dropped', () => {
  assert.equal(extractCandidate('```ts\nthrow new Error("not implemented");\n```', FILE, found()), null);
  assert.equal(extractCandidate('```ts\n}\n```', FILE, found()), null);
});

test('trimOverlap removes lines repeated from before and after the site', () => {
  const prefix = 'const a = 1;\n// weaver: add b\n';
  const suffix = 'console.log(a + b);\nexport {};\n';
  assert.equal(trimOverlap('// weaver: add b\nconst b = 2;\nconsole.log(a + b);', prefix, suffix), 'const b = 2;');
});

test('normalised-identical answers are one candidate with every provider', () => {
  const f = found();
  const a = extractCandidate('```ts\nreturn w*h\n```', FILE, f)!;
  const b = extractCandidate('```ts\nreturn w * h; // area\n```', FILE, f)!;
  const c = extractCandidate('```ts\nreturn h * w;\n```', FILE, f)!;
  const groups = groupCandidates([
    { providerId: 'p1', sample: 0, value: a }, { providerId: 'p2', sample: 0, value: b }, { providerId: 'p2', sample: 1, value: c },
  ]);
  assert.equal(groups.length, 2);
  assert.deepEqual(groups[0].providers, ['p1', 'p2']);
  assert.deepEqual(groups[0].votes.map((v) => v.id), ['p1#0', 'p2#0']);
});

test('hunks: changed lines of each alternative over the winner, merged per region', () => {
  const w = ['a', 'b', 'c', 'd'];
  assert.deepEqual(lineChanges(w, ['a', 'B', 'c', 'd']), [{ start: 1, end: 2, lines: ['B'] }]);
  const merged = mergeHunks(w, [{ meta: 'x', lines: ['a', 'B', 'c', 'd'] }, { meta: 'y', lines: ['a', 'b', 'C', 'd'] }]);
  assert.equal(merged.length, 1);
  assert.deepEqual(merged[0], { start: 1, end: 3, variants: [{ meta: 'x', text: 'B\nc' }, { meta: 'y', text: 'b\nC' }] });
});
