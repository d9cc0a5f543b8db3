import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CreateFile, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { appendedCode, testFileEdit } from '../../../server/src/testgen/edit';
import { extractTest } from '../../../server/src/testgen/extract';
import { validationCode } from '../../../server/src/testgen/validationCode';

const REPLY = "Here you go:\n```ts\nimport { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add, mul } from './math';\n\ntest('mul', () => {\n  assert.equal(mul(2, 3), 6);\n});\n```\nDone.";

test('extraction: fence, imports split off, a reply without a test call is rejected', () => {
  const t = extractTest(REPLY)!;
  assert.deepEqual(t.imports.map((i) => i.specifier), ['node:test', 'node:assert/strict', './math']);
  assert.deepEqual(t.imports[2].names, ['add', 'mul']);
  assert.match(t.body, /^test\('mul'/);
  assert.equal(extractTest('```ts\nconst x = 1;\n```'), null);
  assert.notEqual(extractTest(REPLY.replace('add, mul', 'add,'))?.key, t.key);
});

test('a new test file: CreateFile (ignoreIfExists) then the whole content', () => {
  const t = extractTest(REPLY)!;
  const e = testFileEdit({ uri: 'file:///p/math.test.ts', exists: false, text: '' }, t);
  const [create, fill] = e.documentChanges as [CreateFile, TextDocumentEdit];
  assert.deepEqual(create, { kind: 'create', uri: 'file:///p/math.test.ts', options: { ignoreIfExists: true } });
  assert.equal(fill.textDocument.version, null);
  assert.equal((fill.edits[0] as { newText: string }).newText, `${t.code}\n`);
});

test('an existing open test file: missing imports after its last import, tests at its end, its open version', () => {
  const existing = "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from './math';\n\ntest('add', () => assert.equal(add(1, 1), 2));\n";
  const t = extractTest(REPLY)!;
  const e = testFileEdit({ uri: 'file:///p/math.test.ts', exists: true, text: existing, version: 4 }, t);
  assert.equal(e.documentChanges!.length, 1);
  const edit = e.documentChanges![0] as TextDocumentEdit;
  assert.deepEqual(edit.textDocument, { uri: 'file:///p/math.test.ts', version: 4 });
  const [imports, body] = edit.edits as { range: { start: { line: number; character: number } }; newText: string }[];
  assert.deepEqual(imports.range.start, { line: 2, character: 29 });
  assert.equal(imports.newText, "\nimport { add, mul } from './math';", 'mul is missing: the line is added (add is redeclared by it? no: a new import line)');
  assert.deepEqual(body.range.start, { line: 5, character: 0 });
  assert.match(body.newText, /^\ntest\('mul'/);
  assert.equal(appendedCode(existing, t), "import { add, mul } from './math';\n\n" + t.body);
  // Not open: version null (the file on disk).
  const closed = testFileEdit({ uri: 'file:///p/math.test.ts', exists: true, text: existing }, t).documentChanges![0] as TextDocumentEdit;
  assert.equal(closed.textDocument.version, null);
});

test('validation code borrows the existing file imports the candidate relies on', () => {
  const existing = "import assert from 'node:assert/strict';\nimport { add } from './math';\nimport { unused } from './x';\n";
  const t = extractTest("```ts\nimport { it } from 'node:test';\nit('a', () => assert.equal(add(1, 1), 2));\n```")!;
  const code = validationCode(t, existing);
  assert.match(code, /^import assert from 'node:assert\/strict';\nimport \{ add \} from '\.\/math';\nimport \{ it \}/);
  assert.doesNotMatch(code, /unused/);
  assert.equal(validationCode(t, ''), t.code);
});
