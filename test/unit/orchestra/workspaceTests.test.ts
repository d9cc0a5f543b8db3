import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  findWorkspaceTests, looksLikeTestFile, MAX_BYTES, MAX_FILES, testExamplesFor, testFileCandidates, workspaceTestExamples,
  type OpenDocument, type WorkspaceTestDeps,
} from '../../../server/src/orchestra/workspaceTests';

const ROOT = path.resolve('/ws/src');
const FILE = path.join(ROOT, 'lib', 'math.ts');
const URI = pathToFileURL(FILE).href;

function deps(files: Record<string, string>, open: OpenDocument[] = []): WorkspaceTestDeps & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    listOpen: () => open,
    async readFile(p, max) {
      reads.push(p);
      const t = files[p];
      return t !== undefined && t.length <= max ? t : undefined;
    },
  };
}

test('candidates: siblings, __tests__ and test/ under the directory and its parent', () => {
  const c = testFileCandidates(FILE);
  for (const p of [
    path.join(ROOT, 'lib', 'math.test.ts'), path.join(ROOT, 'lib', 'math.spec.js'),
    path.join(ROOT, 'lib', '__tests__', 'math.ts'), path.join(ROOT, '__tests__', 'math.test.ts'),
    path.join(ROOT, 'lib', 'test', 'math.test.ts'), path.join(ROOT, 'test', 'math.test.js'),
  ]) assert.ok(c.includes(p), p);
  assert.equal(c[0], path.join(ROOT, 'lib', 'math.test.ts'));
  assert.ok(!c.includes(FILE));
  assert.ok(looksLikeTestFile('file:///a/b.spec.tsx') && looksLikeTestFile('file:///a/__tests__/b.js'));
  assert.ok(!looksLikeTestFile('file:///a/latest.ts') && !looksLikeTestFile('file:///a/b.ts'));
});

test('disk files and open test documents, the open text winning, bounded in count and size', async () => {
  const sibling = path.join(ROOT, 'lib', 'math.test.ts');
  const d = deps({
    [sibling]: 'expect(clamp(1, 0, 3)).toBe(1);',
    [path.join(ROOT, 'test', 'math.test.ts')]: 'expect(clamp(9, 0, 3)).toBe(3);',
  }, [
    { uri: pathToFileURL(sibling).href, text: 'expect(clamp(5, 0, 3)).toBe(3); expect(clamp(1, 0, 3)).toBe(1);' },
    { uri: 'file:///elsewhere/x.spec.ts', text: 'assert.equal(clamp(-1, 0, 3), 0); assert.equal(clamp(5, 0, 3), 99);' },
    { uri: 'file:///elsewhere/notes.ts', text: 'expect(clamp(7, 0, 3)).toBe(3);' },
    { uri: URI, text: 'expect(clamp(8, 0, 3)).toBe(3);' },
  ]);
  const ex = await workspaceTestExamples(URI, 'clamp', d);
  assert.deepEqual(ex, [
    { args: [5, 0, 3], expected: { value: 3 } },
    { args: [1, 0, 3], expected: { value: 1 } },
    { args: [9, 0, 3], expected: { value: 3 } },
    { args: [-1, 0, 3], expected: { value: 0 } },
  ]);
  assert.ok(!d.reads.includes(sibling), 'an open document is not read from disk');

  const many: OpenDocument[] = Array.from({ length: 8 }, (_, i) => ({ uri: `file:///o/t${i}.test.ts`, text: `expect(f(${i})).toBe(${i});` }));
  many.push({ uri: 'file:///o/big.test.ts', text: 'x'.repeat(MAX_BYTES + 1) });
  const found = await findWorkspaceTests('untitled:Untitled-1', deps({}, many));
  assert.equal(found.length, MAX_FILES);
  assert.ok(found.every((f) => f.text.length <= MAX_BYTES));
});

test('testExamplesFor reads once per entry point', async () => {
  const d = deps({ [path.join(ROOT, 'lib', 'math.test.ts')]: 'expect(clamp(1, 0, 3)).toBe(1);' });
  const lookup = testExamplesFor(URI, d);
  const a = await lookup('clamp');
  const n = d.reads.length;
  assert.deepEqual(await lookup('clamp'), a);
  assert.equal(d.reads.length, n);
  assert.deepEqual(a, [{ args: [1, 0, 3], expected: { value: 1 } }]);
});
