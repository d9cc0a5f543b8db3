import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractDocExamples } from '../../../server/src/consensus/docExamples';
import { parseLiteral, parseArgumentList } from '../../../server/src/consensus/literals';

test('literals: JS and Python-flavoured values, no evaluation of code', () => {
  assert.deepEqual(parseLiteral(`[1, -2.5, 'a', "b", true, None, {x: [False]}]`), { ok: true, value: [1, -2.5, 'a', 'b', true, null, { x: [false] }] });
  assert.deepEqual(parseLiteral('process.exit(1)'), { ok: false });
  assert.deepEqual(parseLiteral('a + 1'), { ok: false });
  assert.deepEqual(parseArgumentList(`'x', [1, 2], 3`), ['x', [1, 2], 3]);
  assert.equal(parseArgumentList('a, b'), undefined);
});

test('doctest style: ">>> f(...)" with the result on the next line', () => {
  const prompt = `/* Split groups.\n  >>> separate('( ) (( ))')\n  ['()', '(())']\n  */\nconst separate = (s) => {\n`;
  assert.deepEqual(extractDocExamples(prompt, 'separate'), [{ args: ['( ) (( ))'], expected: { value: ['()', '(())'] } }]);
});

test('MBJSP style: "> f(a, b)" then the result, several examples', () => {
  const prompt = `/**\n * * Check bits.\n *\n * > differ(13, 9)\n * true\n * > differ(15, 8)\n * false\n */\nfunction differ(a, b) {\n`;
  assert.deepEqual(extractDocExamples(prompt, 'differ'), [
    { args: [13, 9], expected: { value: true } },
    { args: [15, 8], expected: { value: false } },
  ]);
});

test('inline arrows: ➞, =>, == and trailing punctuation', () => {
  const prompt = `/* Examples:\n  * sortArray([]) => []\n  * sortArray([5]) ➞ [5].\n  sortArray([2, 1]) == [1, 2]\n  */\nconst sortArray = (array) => {\n`;
  assert.deepEqual(extractDocExamples(prompt, 'sortArray'), [
    { args: [[]], expected: { value: [] } },
    { args: [[5]], expected: { value: [5] } },
    { args: [[2, 1]], expected: { value: [1, 2] } },
  ]);
});

test('@example blocks with a result comment, calls without results, and no false matches', () => {
  const prompt = `/**\n * @example\n * total([1, 2]) // 3\n * total([])\n * notTotal(5) // 9\n */\nfunction total(xs) {\n`;
  assert.deepEqual(extractDocExamples(prompt, 'total'), [
    { args: [[1, 2]], expected: { value: 3 } },
    { args: [[]] },
  ]);
});

test('the declaration itself is not an example', () => {
  assert.deepEqual(extractDocExamples('function f(a, b) {\n', 'f'), []);
});
