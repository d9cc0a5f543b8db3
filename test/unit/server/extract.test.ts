import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dedent, extractCode, pickFence, unwrapFunction } from '../../../server/src/generation/extract';

test('pickFence: first ts/js or unlabelled fence, prose stripped', () => {
  const text = 'Here you go:\n```ts\nreturn a + b;\n```\nThis adds them.';
  assert.equal(pickFence(text), 'return a + b;');
  assert.equal(pickFence('```python\nx=1\n```\n```javascript\nlet x = 1;\n```'), 'let x = 1;');
  assert.equal(pickFence('```\nfoo();\n```'), 'foo();');
  assert.equal(pickFence('  return 1;  \n'), '  return 1;');
});

test('pickFence: an unterminated fence runs to the end', () => {
  assert.equal(pickFence('```typescript\nconst a = 1;\nconst b = 2;'), 'const a = 1;\nconst b = 2;');
});

test('pickFence: only a non-code fence falls back to it', () => {
  assert.equal(pickFence('```text\nhello\n```'), 'hello');
});

test('unwrapFunction: a repeated function declaration becomes its body', () => {
  const code = 'export function sum(xs: number[]): number {\n  return xs.reduce((a, b) => a + b, 0);\n}';
  assert.equal(unwrapFunction(code, 'sum'), '  return xs.reduce((a, b) => a + b, 0);');
});

test('unwrapFunction: arrow, method, and a different function name is kept', () => {
  assert.equal(unwrapFunction('const f = (a: number) => {\n  return a;\n};', 'f'), '  return a;');
  assert.equal(unwrapFunction('area(): number {\n    return 1;\n  }', 'area'), '    return 1;');
  const other = 'function helper() {\n  return 2;\n}';
  assert.equal(unwrapFunction(other, 'sum'), other);
  const statements = 'const x = 1;\nreturn x;';
  assert.equal(unwrapFunction(statements, 'sum'), statements);
});

test('dedent removes the common indentation only', () => {
  assert.equal(dedent('    if (a) {\n      b();\n    }'), 'if (a) {\n  b();\n}');
});

test('extractCode golden: body site re-indented to the site', () => {
  const text = 'Sure!\n\n```ts\nfunction sum(xs: number[]): number {\n    let t = 0;\n    for (const x of xs) t += x;\n    return t;\n}\n```\n';
  assert.equal(
    extractCode(text, { shape: 'body', indent: '    ', symbol: 'sum' }),
    '    let t = 0;\n    for (const x of xs) t += x;\n    return t;',
  );
});

test('extractCode golden: declaration site keeps the declaration, CRLF normalised', () => {
  const text = '```typescript\r\nexport function add(a: number, b: number): number {\r\n  return a + b;\r\n}\r\n```';
  assert.equal(
    extractCode(text, { shape: 'lines', indent: '' }),
    'export function add(a: number, b: number): number {\n  return a + b;\n}',
  );
});

test('extractCode: blank lines stay empty (no trailing whitespace)', () => {
  assert.equal(extractCode('a();\n\nb();', { shape: 'body', indent: '  ' }), '  a();\n\n  b();');
});

test('escape 7 (issue 11): 1,200 nested parentheses (2.5 KB) are rejected by name, never a stack overflow', () => {
  const answer = `return ${'('.repeat(1200)}a${')'.repeat(1200)} + b;`;
  for (const shape of ['body', 'lines', 'selection'] as const) {
    assert.throws(() => extractCode(answer, { shape, indent: '  ', symbol: 'f' }),
      (e: unknown) => !(e instanceof RangeError) && (e as Error).name === 'AnswerLimitError', shape);
  }
});
