/**
 * Issue 12: every example of a doc comment is read with its result, one golden case per
 * syntax, both as written (one example per line) and as the probe prompt also carries it
 * (the site's summary flattened onto one `//` line before the comment, orchestra/runnable.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractDocExamples } from '../../../server/src/consensus/docExamples';
import { deriveProbeInputs } from '../../../server/src/consensus/probeInputs';

const GOLDEN: { name: string; lines: string[]; fn: string; want: { args: unknown[]; expected: { value: unknown } }[] }[] = [
  {
    name: '@example f(x) === y',
    fn: 'clamp',
    lines: ['@example clamp(5, 0, 3) === 3', '@example clamp(-2, 0, 3) === 0', '@example clamp(1, 0, 3) === 1'],
    want: [{ args: [5, 0, 3], expected: { value: 3 } }, { args: [-2, 0, 3], expected: { value: 0 } }, { args: [1, 0, 3], expected: { value: 1 } }],
  },
  {
    name: 'f(x) === y lines under the summary',
    fn: 'clamp',
    lines: ['clamp(5, 0, 3) === 3', 'clamp(-2, 0, 3) === 0', 'clamp(1, 0, 3) === 1'],
    want: [{ args: [5, 0, 3], expected: { value: 3 } }, { args: [-2, 0, 3], expected: { value: 0 } }, { args: [1, 0, 3], expected: { value: 1 } }],
  },
  {
    name: 'HumanEval >>> f(x) with the result on the next line',
    fn: 'incrList',
    lines: ['>>> incrList([1, 2, 3])', '[2, 3, 4]', '>>> incrList([])', '[]', ">>> incrList([5])", '[6]'],
    want: [{ args: [[1, 2, 3]], expected: { value: [2, 3, 4] } }, { args: [[]], expected: { value: [] } }, { args: [[5]], expected: { value: [6] } }],
  },
  {
    name: 'f(x) // => y',
    fn: 'half',
    lines: ['half(4) // => 2', 'half(9) // => 4.5', 'half(0) // => 0'],
    want: [{ args: [4], expected: { value: 2 } }, { args: [9], expected: { value: 4.5 } }, { args: [0], expected: { value: 0 } }],
  },
  {
    name: "f(x); // y (a statement's semicolon)",
    fn: 'repeat',
    lines: ["repeat('ab', 2); // 'abab'", "repeat('x', 0); // ''", "repeat('', 3); // ''"],
    want: [{ args: ['ab', 2], expected: { value: 'abab' } }, { args: ['x', 0], expected: { value: '' } }, { args: ['', 3], expected: { value: '' } }],
  },
  {
    name: 'fn(x); // true',
    fn: 'isEven',
    lines: ['isEven(2); // true', 'isEven(3); // false', 'isEven(0); // true'],
    want: [{ args: [2], expected: { value: true } }, { args: [3], expected: { value: false } }, { args: [0], expected: { value: true } }],
  },
];

function docComment(lines: string[], fn: string): string {
  return ['/**', ' * Summary.', ...lines.map((l) => ` * ${l}`), ' */', `export function ${fn}(a: any, b?: any, c?: any) {`].join('\n');
}

for (const g of GOLDEN) {
  test(`every example is read with its result: ${g.name}`, () => {
    assert.deepEqual(extractDocExamples(docComment(g.lines, g.fn), g.fn), g.want);
  });
  test(`every example is read with its result after the flattened summary line: ${g.name}`, () => {
    const prompt = `// Summary. ${g.lines.join(' ')}\n${docComment(g.lines, g.fn)}`;
    assert.deepEqual(extractDocExamples(prompt, g.fn), g.want);
    const doc = deriveProbeInputs(prompt, g.fn, { max: 8 }).filter((p) => p.source === 'doc');
    assert.deepEqual(doc.map((p) => ({ args: p.args, expected: p.expected })), g.want);
  });
}

test('a workspace test that states the result completes a doc example without one', () => {
  const prompt = '/** Doubles. twice(3) */\nexport function twice(n: number) {';
  const inputs = deriveProbeInputs(prompt, 'twice', { max: 6, testExamples: [{ args: [3], expected: { value: 6 } }] });
  assert.deepEqual(inputs[0], { args: [3], source: 'test', expected: { value: 6 } });
});
