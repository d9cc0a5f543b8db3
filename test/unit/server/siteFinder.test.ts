import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSite } from '../../../server/src/context/siteFinder';

/** Position of the first occurrence of `needle` (plus `delta` characters). */
function at(text: string, needle: string, delta = 0) {
  const off = text.indexOf(needle) + delta;
  assert.ok(off >= delta, `needle ${needle} not found`);
  const before = text.slice(0, off).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

test('intent comment: insertion point after the comment line', () => {
  const text = 'import { x } from "./x";\n// weaver: add two numbers\n\nexport const y = 1;\n';
  const s = findSite(text, 'a.ts', { position: at(text, 'weaver') })!;
  assert.equal(s.site.kind, 'intent-comment');
  assert.equal(s.site.intent, 'add two numbers');
  assert.deepEqual(s.site.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } });
  assert.equal(s.site.originalText, '');
  assert.equal(s.shape, 'lines');
});

test('block intent comment, explicit intent overrides', () => {
  const text = '/* weaver: parse a date */\n';
  const s = findSite(text, 'a.ts', { position: { line: 0, character: 3 } })!;
  assert.equal(s.site.kind, 'intent-comment');
  assert.equal(s.site.intent, 'parse a date');
  const o = findSite(text, 'a.ts', { position: { line: 0, character: 3 }, intent: 'other' })!;
  assert.equal(o.site.intent, 'other');
});

test('empty function body: range is inside the braces, symbol and doc intent', () => {
  const text = '/** Sum of the items. */\nexport function sum(xs: number[]): number {}\n';
  const s = findSite(text, 'a.ts', { position: at(text, 'sum(') })!;
  assert.equal(s.site.kind, 'empty-body');
  assert.equal(s.site.symbol, 'sum');
  assert.equal(s.site.intent, 'Sum of the items.');
  const open = text.indexOf('{}');
  assert.equal(s.start, open + 1);
  assert.equal(s.end, open + 1);
  assert.equal(s.indent, '  ');
  assert.equal(s.fn?.signature, 'export function sum(xs: number[]): number');
});

test('empty arrow body in a class method and a const arrow', () => {
  const text = 'class A {\n    area(): number {\n    }\n}\nconst f = (a: string) => {};\n';
  const m = findSite(text, 'a.ts', { position: at(text, 'area') })!;
  assert.equal(m.site.kind, 'empty-body');
  assert.equal(m.site.symbol, 'area');
  assert.equal(m.indent, '        ');
  assert.equal(m.closingIndent, '    ');
  assert.equal(m.site.originalText, '\n    ');
  const f = findSite(text, 'a.ts', { position: at(text, '{};', 1) })!;
  assert.equal(f.site.symbol, 'f');
  assert.equal(f.site.intent, 'Implement f');
});

test('stub bodies: throw not implemented, or only a TODO comment', () => {
  const text = 'function a() {\n  throw new Error("not implemented");\n}\nfunction b() {\n  // TODO: return b\n}\nfunction c() {\n  return 1;\n}\n';
  const a = findSite(text, 'a.ts', { position: at(text, 'throw') })!;
  assert.equal(a.site.kind, 'stub-body');
  assert.equal(a.site.symbol, 'a');
  const b = findSite(text, 'a.ts', { position: at(text, 'function b') })!;
  assert.equal(b.site.kind, 'stub-body');
  assert.equal(b.site.intent, 'return b');
  assert.equal(findSite(text, 'a.ts', { position: at(text, 'return 1') }), null);
});

test('TODO comment inside a non-empty body: the site is that body', () => {
  const text = 'function g(x: number) {\n  const y = x;\n  // TODO: double y and return it\n  return y;\n}\n';
  const s = findSite(text, 'a.ts', { position: at(text, 'TODO') })!;
  assert.equal(s.site.kind, 'todo-comment');
  assert.equal(s.site.intent, 'double y and return it');
  assert.equal(s.shape, 'body');
  assert.equal(s.site.originalText, text.slice(text.indexOf('{') + 1, text.lastIndexOf('}')));
});

test('top-level FIXME: inserted below', () => {
  const text = 'const a = 1;\n// FIXME: export a helper\n';
  const s = findSite(text, 'a.ts', { position: at(text, 'FIXME') })!;
  assert.equal(s.site.kind, 'todo-comment');
  assert.equal(s.shape, 'lines');
  assert.deepEqual(s.site.range.start, { line: 2, character: 0 });
});

test('selection with intent; selection without a site or intent is null', () => {
  const text = 'const a = [1, 2, 3];\nconst b = a.map((x) => x * 2);\n';
  const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 30 } };
  const s = findSite(text, 'a.ts', { range, intent: 'use a for loop' })!;
  assert.equal(s.site.kind, 'selection');
  assert.equal(s.site.originalText, 'const b = a.map((x) => x * 2);');
  assert.equal(findSite(text, 'a.ts', { range }), null);
});

test('selection containing an empty function finds it', () => {
  const text = 'const q = 1;\nfunction h(): void {}\n';
  const s = findSite(text, 'a.ts', { range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } } })!;
  assert.equal(s.site.kind, 'empty-body');
  assert.equal(s.site.symbol, 'h');
});

test('a string that looks like a comment is not a site; nothing applies -> null', () => {
  const text = 'const s = "// weaver: nope";\n';
  assert.equal(findSite(text, 'a.ts', { position: { line: 0, character: 14 } }), null);
});

test('anchor context is stored around the range', () => {
  const text = 'function k() {}\n';
  const s = findSite(text, 'a.ts', { position: { line: 0, character: 2 } })!;
  assert.deepEqual(s.site.anchor, { before: 'function k() {', after: '}\n' });
});
