/** The tiny params validator: golden cases, each naming the path of the first bad field. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, int, isInvalidValue, object, oneOf, optional, parse, str, type Check } from '../../../server/src/protocol/validate';

function fails(check: Check<unknown>, value: unknown): string {
  try {
    parse(check, value);
  } catch (e) {
    assert.ok(isInvalidValue(e));
    return e.message;
  }
  return assert.fail(`accepted ${JSON.stringify(value)}`);
}

test('int: non-negative safe integers only', () => {
  for (const bad of [-1, 1.5, NaN, Infinity, 1e308, '3', null, undefined, 2 ** 53]) {
    assert.equal(fails(int(), bad), 'params must be a non-negative integer');
  }
  assert.equal(parse(int(), 0), 0);
  assert.equal(fails(int(1, 10), 11), 'params must be an integer between 1 and 10');
  assert.equal(fails(int(5), 4), 'params must be an integer >= 5');
});

test('str, oneOf, array: limits and paths', () => {
  assert.equal(fails(str({ maxLength: 3 }), 'abcd'), 'params must be a string of at most 3 characters');
  assert.equal(fails(str({ nonEmpty: true, maxLength: 3 }), ''), 'params must be a non-empty string of at most 3 characters');
  assert.equal(fails(oneOf(['a', 'b']), 'c'), 'params must be one of a, b');
  assert.equal(fails(array(int(), 2), [1, 2, 3]), 'params must be an array of at most 2 items');
  assert.equal(fails(array(int()), [1, 'x']), 'params[1] must be a non-negative integer');
});

test('object: nested paths; optional null reads as absent; unknown fields kept', () => {
  const pos = object({ line: int(), character: int() });
  const check = object({ textDocument: object({ uri: str() }), position: optional(pos) });
  assert.equal(fails(check, { textDocument: { uri: 'u' }, position: { line: 0, character: -2 } }), 'params.position.character must be a non-negative integer');
  assert.equal(fails(check, { textDocument: [] }), 'params.textDocument must be an object');
  assert.equal(fails(check, 'x'), 'params must be an object');
  const ok = parse(check, { textDocument: { uri: 'u', version: 3 }, position: null, extra: true });
  assert.deepEqual(ok, { textDocument: { uri: 'u', version: 3 }, extra: true });
  assert.ok(!('position' in ok));
});
