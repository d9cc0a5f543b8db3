import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editRatio, judge, shiftRange } from '../../../client/src/outcomeMath';

test('editRatio: 0 when unchanged, 1 when replaced entirely, in between when edited', () => {
  const code = 'return a > b ? a : b;';
  assert.equal(editRatio(code, code), 0);
  assert.ok(editRatio(code, 'throw new Error();') > 0.8);
  assert.equal(editRatio(code, 'foo'), 1);
  const r = editRatio(code, 'return a >= b ? a : b;');
  assert.ok(r > 0 && r < 0.3, String(r));
  assert.equal(editRatio('', ''), 0);
});

test('judge: accepted, accepted-edited with a ratio, undone when the text is gone', () => {
  assert.deepEqual(judge('return x * 2;', 'return x * 2;'), { kind: 'accepted' });
  const edited = judge('const y = x * 2;\nreturn y;', 'const y = x * 2;\nreturn y + 1;');
  assert.equal(edited.kind, 'accepted-edited');
  assert.ok(edited.editRatio! > 0 && edited.editRatio! < 0.5);
  assert.deepEqual(judge('return x * 2;', ''), { kind: 'undone' });
  assert.deepEqual(judge('return x * 2;', undefined), { kind: 'undone' });
});

test('shiftRange: edits before shift the region, after leave it, inside grow or shrink it', () => {
  const r = { start: 10, end: 20 };
  assert.deepEqual(shiftRange(r, 0, 0, 5), { start: 15, end: 25 });
  assert.deepEqual(shiftRange(r, 2, 3, 0), { start: 7, end: 17 });
  assert.deepEqual(shiftRange(r, 25, 1, 4), r);
  assert.deepEqual(shiftRange(r, 12, 2, 6), { start: 10, end: 24 });
  assert.deepEqual(shiftRange(r, 10, 10, 0), { start: 10, end: 10 });
});
