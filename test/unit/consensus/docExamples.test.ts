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

test('Python tuples in arguments and results read as arrays', () => {
  const prompt = `/* samples:\n  intersection((1, 2), (2, 3)) ==> "NO"\n  intersection((-3, -1), (-5, 5)) ==> "YES"\n  pair(1) ➞ (1, "a")\n  */\nconst intersection = (interval1, interval2) => {\n`;
  assert.deepEqual(extractDocExamples(prompt, 'intersection'), [
    { args: [[1, 2], [2, 3]], expected: { value: 'NO' } },
    { args: [[-3, -1], [-5, 5]], expected: { value: 'YES' } },
  ]);
  const p2 = `/* >>> f('(a)', 2)\n  (1, 2)\n  */\nconst f = (s, n) => {\n`;
  assert.deepEqual(extractDocExamples(p2, 'f'), [{ args: ['(a)', 2], expected: { value: [1, 2] } }]);
});

test('"Input: name = value, …" then "Output: …", matched to parameters by name', () => {
  const prompt = `/*\n  Example 1:\n\n      Input: arr = [-3, -4, 5], k = 3\n      Output: [-4, -3, 5]\n\n  Example 2:\n      Input: k = 2, arr = [4, -4, 4]\n      Output: [4, 4]\n  */\nconst maximum = (arr, k) => {\n`;
  assert.deepEqual(extractDocExamples(prompt, 'maximum'), [
    { args: [[-3, -4, 5], 3], expected: { value: [-4, -3, 5] } },
    { args: [[4, -4, 4], 2], expected: { value: [4, 4] } },
  ]);
});

test('"Input:" with one argument per line under other names, positional; bare "Input: 3"', () => {
  const prompt = `/*\n  Example 1:\n      Input: \n          grid : [[0,0,1,0], [1,1,1,1]]\n          bucket_capacity : 1\n      Output: 5\n  */\nconst maxFill = (grid, capacity) => {\n`;
  assert.deepEqual(extractDocExamples(prompt, 'maxFill'), [{ args: [[[0, 0, 1, 0], [1, 1, 1, 1]], 1], expected: { value: 5 } }]);
  const p2 = `/*\n  Example 1:\n      Input: 3\n      Output: [1, 2]\n      Explanation: three of them.\n  */\nconst evenOdd = (n) => {\n`;
  assert.deepEqual(extractDocExamples(p2, 'evenOdd'), [{ args: [3], expected: { value: [1, 2] } }]);
  const p3 = `/*\n  Input: 1, 2\n  Output: 3\n  */\nconst one = (n) => {\n`;
  assert.deepEqual(extractDocExamples(p3, 'one'), [], 'argument count must match the parameters');
});

test('"For x = … the output should be …", trailing prose ignored', () => {
  const prompt = `/*\n  Example\n      For N = 1000, the sum of digits will be 1 the output should be "1".\n      For N = 150, the sum of digits will be 6 the output should be "110".\n  Output:\n       a string of binary number\n  */\nconst solve = (N) => {\n`;
  assert.deepEqual(extractDocExamples(prompt, 'solve'), [
    { args: [1000], expected: { value: '1' } },
    { args: [150], expected: { value: '110' } },
  ]);
  const p2 = `/*\n  For lst = [0,8,1,2] the output should be 7\n  For x = 1 the output should be whatever fits\n  */\nconst g = (lst) => {\n`;
  assert.deepEqual(extractDocExamples(p2, 'g'), [{ args: [[0, 8, 1, 2]], expected: { value: 7 } }]);
});
