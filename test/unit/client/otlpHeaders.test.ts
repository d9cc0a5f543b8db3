/** "WeaverGen: Set OTLP Headers" input: pairs or JSON, bad names and multi-line values refused without echoing values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHeaderInput } from '../../../client/src/otlpHeaders';

test('Name: value pairs separated by ; or new lines, and JSON objects', () => {
  assert.deepEqual(parseHeaderInput('Authorization: Bearer abc:def; x-tenant: 7'), { headers: { Authorization: 'Bearer abc:def', 'x-tenant': '7' } });
  assert.deepEqual(parseHeaderInput('a: 1\nb: 2\n'), { headers: { a: '1', b: '2' } });
  assert.deepEqual(parseHeaderInput('{"x-token":"s3cret"}'), { headers: { 'x-token': 's3cret' } });
  assert.deepEqual(parseHeaderInput('   '), { headers: {} });
});

test('malformed input is refused, naming the header but never echoing a value', () => {
  const cases = ['no colon here', 'bad name: v', '{"x": 1}', '{"x": "a\\nb"}', '[1]', '{oops'];
  for (const text of cases) {
    const r = parseHeaderInput(text);
    assert.ok('error' in r, `${text} is refused`);
  }
  const r = parseHeaderInput('{"x-token": "line1\\nSECRETVALUE"}');
  assert.ok('error' in r && r.error.includes('x-token') && !r.error.includes('SECRETVALUE'));
});
