import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSite } from '../../../server/src/context/siteFinder';
import { buildPrompt } from '../../../server/src/context/promptBuilder';
import { keyForFound, keyForPrediction } from '../../../server/src/cache/contextKey';
import { predictSites } from '../../../server/src/prediction';
import { extractCode } from '../../../server/src/generation/extract';
import { insertionText } from '../../../server/src/generation/insertion';

function at(text: string, needle: string, delta = 0) {
  const off = text.indexOf(needle) + delta;
  assert.ok(off >= delta, `needle ${needle} not found`);
  const before = text.slice(0, off).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const SHAPES = [
  'interface Shape {',
  '  area(): number;',
  '  readonly name: string;',
  '  label?: string;',
  '}',
  '',
  'export class Square implements Shape {',
  '  constructor(private side: number) {}',
  '  get name() { return "square"; }',
  '}',
  '',
].join('\n');

test('missing member: cursor in a class lacking interface members → insertion before the closing brace', () => {
  const s = findSite(SHAPES, 'a.ts', { position: at(SHAPES, 'class Square') })!;
  assert.equal(s.site.kind, 'missing-member');
  assert.equal(s.site.symbol, 'Square');
  assert.equal(s.shape, 'lines');
  assert.equal(s.indent, '  ');
  assert.deepEqual(s.site.range, { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } });
  assert.equal(s.site.originalText, '');
  assert.match(s.site.intent, /^In class `Square`, implement `area\(\): number` of `Shape`$/);
  assert.match(s.related!.text, /^interface Shape \{[\s\S]*area\(\): number;[\s\S]*\}$/);
  // The predicted position resolves to the same site.
  const predicted = predictSites(SHAPES, 'a.ts', {}).find((p) => p.kind === 'missing-member')!;
  const viaPrediction = findSite(SHAPES, 'a.ts', { position: predicted.position })!;
  assert.equal(viaPrediction.site.kind, 'missing-member');
  assert.deepEqual(viaPrediction.site.range, s.site.range);
});

test('missing member: abstract base, one-line class body, none when everything is implemented', () => {
  const text = 'abstract class Base {\n  abstract run(x: number): string;\n}\nclass Impl extends Base {}\n';
  const s = findSite(text, 'a.ts', { position: at(text, 'class Impl') })!;
  assert.equal(s.site.kind, 'missing-member');
  assert.match(s.site.intent, /`run\(x: number\): string` of `Base`/);
  assert.equal(s.shape, 'body');
  assert.equal(s.start, text.indexOf('{}\n') + 1);
  const code = extractCode('```ts\nrun(x: number): string {\n  return String(x);\n}\n```', s);
  assert.equal(insertionText(text, s, code), '\n  run(x: number): string {\n    return String(x);\n  }\n');
  const full = 'interface I { f(): void }\nclass C implements I {\n  f() {}\n  g() { return 1; }\n}\n';
  assert.equal(findSite(full, 'a.ts', { position: at(full, 'class C') }), null);
  // Inside a method body with code: not the class's site.
  assert.equal(findSite(SHAPES, 'a.ts', { position: at(SHAPES, 'return "square"') }), null);
});

const CALLS = [
  'import { readFileSync } from "node:fs";',
  'export function load(path: string) {',
  '  const raw = readFileSync(path, "utf8");',
  '  return parseConfig(raw, { strict: true });',
  '}',
  'export const again = () => parseConfig("{}", {});',
  '',
].join('\n');

test('missing function: cursor on a call of an undeclared function → insertion after the statement of the first call', () => {
  const s = findSite(CALLS, 'a.ts', { position: at(CALLS, 'parseConfig(raw', 3) })!;
  assert.equal(s.site.kind, 'missing-function');
  assert.equal(s.site.symbol, 'parseConfig');
  assert.equal(s.shape, 'lines');
  assert.equal(s.indent, '');
  assert.deepEqual(s.site.range, { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } });
  assert.equal(s.site.intent, 'Declare the function `parseConfig`, called as `parseConfig(raw, { strict: true })`, `parseConfig("{}", {})`');
  assert.equal(s.related!.text, 'return parseConfig(raw, { strict: true });\nexport const again = () => parseConfig("{}", {});');
  // Any call of the same name gives the same site; a declared or imported callee gives none.
  const second = findSite(CALLS, 'a.ts', { position: at(CALLS, 'parseConfig("{}"') })!;
  assert.deepEqual(second.site.range, s.site.range);
  assert.equal(findSite(CALLS, 'a.ts', { position: at(CALLS, 'readFileSync(path') }), null);
  // The insertion point itself is not on the call: resolveAt is (pre-generation jobs generate there).
  assert.equal(findSite(CALLS, 'a.ts', { position: s.site.range.start }), null);
  assert.deepEqual(s.resolveAt, at(CALLS, 'parseConfig(raw'));
  assert.deepEqual(findSite(CALLS, 'a.ts', { position: s.resolveAt })!.site.range, s.site.range);
  const predicted = predictSites(CALLS, 'a.ts', {}).find((p) => p.kind === 'missing-function')!;
  assert.deepEqual(findSite(CALLS, 'a.ts', { position: predicted.position })!.site.range, s.site.range);
});

test('prompt carries the interface or the call sites; cache key follows them', () => {
  const m = findSite(SHAPES, 'a.ts', { position: at(SHAPES, 'class Square') })!;
  const pm = buildPrompt(SHAPES, 'a.ts', m, 4000);
  assert.match(pm.user, /Declarations to implement:\n```ts\ninterface Shape \{/);
  assert.match(pm.user, /Task: add the missing members to class `Square`/);
  const f = findSite(CALLS, 'a.ts', { position: at(CALLS, 'parseConfig(raw') })!;
  const pf = buildPrompt(CALLS, 'a.ts', f, 4000);
  assert.match(pf.user, /Call sites of parseConfig:\n```ts\nreturn parseConfig\(raw, \{ strict: true \}\);/);
  assert.match(pf.user, /Task: declare the function `parseConfig`/);

  const key = (text: string, needle: string) => keyForFound('file:///a.ts', findSite(text, 'a.ts', { position: at(text, needle) })!, 'fp');
  const base = key(SHAPES, 'class Square');
  assert.equal(key(`${SHAPES}\nconst unrelated = 1;\n`, 'class Square'), base);
  assert.notEqual(key(SHAPES.replace('area(): number;', 'area(unit: string): number;'), 'class Square'), base);
  const fbase = key(CALLS, 'parseConfig(raw');
  assert.notEqual(key(CALLS.replace('parseConfig("{}", {})', 'parseConfig("[]", {})'), 'parseConfig(raw'), fbase);
  // Prediction's key equals the generate path's key.
  const p = predictSites(CALLS, 'a.ts', {}).find((s) => s.kind === 'missing-function')!;
  assert.equal(keyForPrediction('file:///a.ts', CALLS, 'a.ts', p, 'fp'), fbase);
});
