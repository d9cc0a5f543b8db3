/** Hostile model answers against extraction: bounded before the TypeScript parser, never a stack overflow. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import { extractCode } from '../../../server/src/generation/extract';
import {
  bracketDepth, isAnswerLimitError, MAX_ANSWER_CHARS, MAX_TREE_DEPTH, parseAnswer, treeDepth,
} from '../../../server/src/generation/answerBounds';
import { normalizeCode } from '../../../server/src/consensus/normalize';
import { extractTest } from '../../../server/src/testgen/extract';

const BODY = { shape: 'body' as const, indent: '  ', symbol: 'f' };
test('hostile shapes without brackets are bounded by the tree depth, and what passes can be normalised', () => {
  const shapes: Record<string, string> = {
    unary: `return ${'!'.repeat(20_000)}a;`,
    typeofs: `return ${'typeof '.repeat(5000)}a;`,
    binary: `return ${Array(20_000).fill('a').join(' + ')};`,
    ternary: `return ${'a ? b : '.repeat(5000)}c;`,
    arrows: `return ${'() => '.repeat(5000)}a;`,
    member: `return a${'.b'.repeat(20_000)};`,
    calls: `return a${'()'.repeat(20_000)};`,
  };
  for (const [name, answer] of Object.entries(shapes)) {
    let code: string | undefined;
    try {
      code = extractCode(answer, BODY);
    } catch (e) {
      assert.ok(isAnswerLimitError(e), `${name}: ${String(e)}`);
      continue;
    }
    assert.ok(treeDepth(ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true)) <= MAX_TREE_DEPTH + 1, name);
    normalizeCode(code.trim());
  }
});

test('a long but shallow chain passes the bounds', () => {
  const code = extractCode(`return a${'.b'.repeat(100)};`, BODY);
  assert.equal(normalizeCode(code.trim()).parsed, true);
});

test('an answer over the size cap is rejected before parsing', () => {
  const answer = `return 1;\n${'// filler\n'.repeat(MAX_ANSWER_CHARS / 10 + 1)}`;
  assert.throws(() => extractCode(answer, BODY), (e: unknown) => isAnswerLimitError(e) && /too long/.test((e as Error).message));
});

test('ordinary answers pass the bounds unchanged', () => {
  const answer = '```ts\nfunction f(xs: number[][]) {\n  return xs.map((row) => row.filter((x) => x > 0).reduce((a, b) => a + b, 0));\n}\n```';
  assert.equal(extractCode(answer, BODY), '  return xs.map((row) => row.filter((x) => x > 0).reduce((a, b) => a + b, 0));');
});

test('bracketDepth and treeDepth measure nesting', () => {
  assert.equal(bracketDepth(''), 0);
  assert.equal(bracketDepth('a(b[c{d}])e()'), 3);
  assert.equal(bracketDepth(')))((('), 3, 'closers without openers are ignored');
  const shallow = treeDepth(parseAnswer('a;'));
  const deeper = treeDepth(parseAnswer('f(g(h(a)));'));
  assert.ok(deeper >= shallow + 3, `${deeper} vs ${shallow}`);
});

test('test generation: a hostile reply is an AnswerLimitError too', () => {
  const reply = `\`\`\`ts\nit('x', () => { expect(${'['.repeat(1500)}1${']'.repeat(1500)}).toBe(1); });\n\`\`\``;
  assert.throws(() => extractTest(reply), (e: unknown) => isAnswerLimitError(e));
  assert.ok(extractTest("```ts\nit('adds', () => { expect(1 + 1).toBe(2); });\n```"));
});
