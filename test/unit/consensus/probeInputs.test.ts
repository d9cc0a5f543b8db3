import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveProbeInputs } from '../../../server/src/consensus/probeInputs';
import { functionParams, kindFromName } from '../../../server/src/consensus/signature';

const MB = `/**\n * * Count sublists containing x.\n *\n * > countIn([[1, 3], [5, 7], [1, 11]], 1)\n * 2\n * > countIn([["A", "B"], ["A", "C"]], "A")\n * 2\n */\nfunction countIn(list1, x) {\n`;
const NO_DOC = `/** Repeat a word.\n * @param {string} word\n * @param {number} times\n */\nconst repeat = (word, times) => {\n`;

test('doc examples come first, with their expected values', () => {
  const inputs = deriveProbeInputs(MB, 'countIn');
  assert.deepEqual(inputs.slice(0, 2), [
    { args: [[[1, 3], [5, 7], [1, 11]], 1], source: 'doc', expected: { value: 2 } },
    { args: [[['A', 'B'], ['A', 'C']], 'A'], source: 'doc', expected: { value: 2 } },
  ]);
  assert.ok(inputs.slice(2).every((i) => i.source === 'generated' && i.expected === undefined && i.args.length === 2));
});

test('deterministic, capped and without duplicates', () => {
  const a = deriveProbeInputs(MB, 'countIn');
  assert.deepEqual(deriveProbeInputs(MB, 'countIn'), a);
  assert.ok(a.length <= 12 && a.length >= 6, `got ${a.length}`);
  assert.equal(new Set(a.map((i) => JSON.stringify(i.args))).size, a.length);
  assert.ok(deriveProbeInputs(MB, 'countIn', { max: 4 }).length <= 4);
});

test('without examples, inputs follow the JSDoc types and include the empty edge case', () => {
  const inputs = deriveProbeInputs(NO_DOC, 'repeat');
  assert.ok(inputs.length >= 5);
  for (const i of inputs) {
    assert.equal(typeof i.args[0], 'string');
    assert.equal(typeof i.args[1], 'number');
  }
  assert.deepEqual(inputs[0].args, ['', 0]);
});

test('signature: parameters and kinds from types or names', () => {
  assert.deepEqual(functionParams(NO_DOC, 'repeat'), [{ name: 'word', kind: 'string' }, { name: 'times', kind: 'number' }]);
  assert.deepEqual(functionParams('const f = (nums, s, n) => {\n', 'f')?.map((p) => p.kind), ['array', 'string', 'int']);
  assert.equal(functionParams('function g() {\n', 'f'), undefined);
  assert.equal(kindFromName('isPrime'), 'bool');
});
