import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reanchor } from '../../../server/src/edits/anchor';
import { findSite } from '../../../server/src/context/siteFinder';
import type { GenerateResult } from '../../../server/src/protocol';

const ORIGINAL = 'import { a } from "a";\n\nexport function sum(xs: number[]): number {}\n\nexport function mul(xs: number[]): number {}\n';

function resultFor(text: string, symbolLine: number, version = 1): Pick<GenerateResult, 'code' | 'site' | 'edit'> {
  const found = findSite(text, 'a.ts', { position: { line: symbolLine, character: 20 } });
  assert.ok(found);
  const newText = '\n  return 0;\n';
  return { code: newText, site: found.site, edit: { textDocument: { uri: 'file:///a.ts', version }, edits: [{ range: found.site.range, newText }] } };
}

function apply(text: string, r: { edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[] }) {
  const lines = text.split('\n');
  const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const e = r.edits[0];
  return text.slice(0, off(e.range.start)) + e.newText + text.slice(off(e.range.end));
}

test('same version: the edit stands unchanged', () => {
  const r = resultFor(ORIGINAL, 2);
  assert.deepEqual(reanchor(ORIGINAL, 1, r), { ok: true, edit: r.edit });
});

test('lines inserted above: the edit moves with the site, for the new version', () => {
  const r = resultFor(ORIGINAL, 2);
  const moved = '// a new header\n// and another\n' + ORIGINAL;
  const out = reanchor(moved, 5, r);
  assert.ok(out.ok);
  assert.equal(out.edit.textDocument.version, 5);
  assert.deepEqual(out.edit.edits[0].range.start, { line: 4, character: 43 });
  assert.equal(apply(moved, out.edit), '// a new header\n// and another\n' + ORIGINAL.replace('number {}\n\nexport function mul', 'number {\n  return 0;\n}\n\nexport function mul'));
});

test('an edit right next to the site still anchors through the shorter context', () => {
  const r = resultFor(ORIGINAL, 4);
  const edited = ORIGINAL.replace('import { a } from "a";', 'import { a, b } from "a";').replace('sum(xs', 'total(xs');
  const out = reanchor(edited, 2, r);
  assert.ok(out.ok);
  assert.equal(out.edit.edits[0].range.start.line, 4);
});

test('the body itself changed: refused with a clear reason', () => {
  const r = resultFor(ORIGINAL, 2);
  const edited = ORIGINAL.replace('sum(xs: number[]): number {}', 'sum(xs: number[]): number { return 1; }');
  const out = reanchor(edited, 2, r);
  assert.deepEqual(out, { ok: false, reason: 'The function body changed since generation started; run Generate again.' });
});

test('ambiguous: the site text appears twice with the same context -> refused', () => {
  const text = 'function f() {}\n';
  const found = findSite(text, 'a.ts', { position: { line: 0, character: 3 } })!;
  const r = { code: 'x', site: found.site, edit: { textDocument: { uri: 'file:///a.ts', version: 1 }, edits: [{ range: found.site.range, newText: 'x' }] } };
  const out = reanchor(text + text, 2, r);
  assert.equal(out.ok, false);
  assert.match((out as { reason: string }).reason, /unambiguously \(2 matches\)/);
});
