/** Golden cases: candidates type-checked in the context of the real file, new diagnostics only. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeCheckSession } from '../../../server/src/orchestra/typecheck';
import { splice } from './typecheckFixture';


test('TS: a correct body passes although the file has its own errors', () => {
  const s = new TypeCheckSession('shapes.ts', splice('throw new Error("todo");'));
  assert.deepEqual(s.check(splice('return b.width * b.height;')), { ok: true, diagnostics: [] });
  assert.deepEqual(s.check(splice('return helper(b);')), { ok: true, diagnostics: [] });
  s.dispose();
});

test('TS: wrong property, wrong return type and a syntax error are new diagnostics', () => {
  const s = new TypeCheckSession('shapes.ts', splice('throw new Error("todo");'));
  const prop = s.check(splice('return b.w * b.height;'))!;
  assert.equal(prop.ok, false);
  assert.match(prop.diagnostics[0], /^TS2339: Property 'w' does not exist on type 'Box'/);
  const ret = s.check(splice('return "big";'))!;
  assert.match(ret.diagnostics[0], /^TS2322: Type 'string' is not assignable to type 'number'/);
  const syntax = s.check(splice('return b.width *;'))!;
  assert.equal(syntax.ok, false);
  s.dispose();
});

test('JS: parse errors only (checkJs off)', () => {
  const js = 'function area(b) {\n  BODY\n}\n';
  const s = new TypeCheckSession('shapes.js', js.replace('BODY', ''));
  assert.deepEqual(s.check(js.replace('BODY', 'return b.nope * "x";')), { ok: true, diagnostics: [] });
  assert.equal(s.check(js.replace('BODY', 'return (b.width;'))!.ok, false);
  s.dispose();
});
