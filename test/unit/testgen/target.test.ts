import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportedFunctions, functionAt, mentions } from '../../../server/src/testgen/target';
import { detectFramework } from '../../../server/src/testgen/framework';
import { locateTestFile, specifier } from '../../../server/src/testgen/testFile';
import { mutantsOf } from '../../../server/src/testgen/mutants';

const MOD = [
  'import { x } from "./x";',
  '/** Adds. */',
  'export function add(a: number, b: number): number {',
  '  const f = () => { return 0; };',
  '  return a + b;',
  '}',
  'function hidden() { return 1; }',
  'export function stub(): number { throw new Error("todo"); }',
  'export const twice = (n: number): number => { return n * 2; };',
  '',
].join('\n');

test('exported implemented functions only, with doc comment, body and first own return', () => {
  const fns = exportedFunctions(MOD, 'm.ts');
  assert.deepEqual(fns.map((f) => f.symbol), ['add', 'twice']);
  const add = fns[0];
  assert.ok(add.declText.startsWith('/** Adds. */\nexport function add'));
  assert.equal(add.doc, '/** Adds. */');
  assert.equal(MOD.slice(add.firstReturn!.start, add.firstReturn!.end), 'a + b', 'the nested arrow function return is skipped');
  assert.equal(MOD.slice(add.bodyStart, add.bodyStart + 1), '{');
  assert.equal(functionAt(MOD, 'm.ts', MOD.indexOf('a + b'))?.symbol, 'add');
  assert.equal(functionAt(MOD, 'm.ts', MOD.indexOf('Adds'))?.symbol, 'add', 'the doc comment belongs to the declaration');
  assert.equal(functionAt(MOD, 'm.ts', MOD.indexOf('hidden')), undefined);
  assert.deepEqual(exportedFunctions(MOD, 'm.test.ts'), [], 'test files are not tested');
  assert.ok(mentions('add(1, 2)', 'add'));
  assert.ok(!mentions('addAll(1)', 'add'));
});

test('framework detection from imports and globals; node:test by default', () => {
  assert.equal(detectFramework(undefined), 'node:test');
  assert.equal(detectFramework(''), 'node:test');
  assert.equal(detectFramework("import { test } from 'node:test';"), 'node:test');
  assert.equal(detectFramework("import { describe, it, expect } from 'vitest';"), 'vitest');
  assert.equal(detectFramework("import { expect } from '@jest/globals';"), 'jest');
  assert.equal(detectFramework("describe('x', () => { it('y', () => expect(1).toBe(1)); });"), 'jest');
  assert.equal(detectFramework("const assert = require('assert');\ndescribe('x', () => { it('y', () => assert.ok(1)); });"), 'mocha');
});

test('test file: an open sibling wins over the disk; else the disk; else a new sibling name.test.ts', async () => {
  const reads: string[] = [];
  const disk: Record<string, string> = { '/p/src/__tests__/m.ts': "import { add } from '../m';\n" };
  const deps = (open: Record<string, { text: string; version: number }>) => ({
    openDocument: (uri: string) => open[uri],
    readFile: async (p: string) => { reads.push(p); return disk[p]; },
  });
  const openSpec = await locateTestFile('file:///p/src/m.ts', deps({ 'file:///p/src/m.spec.ts': { text: 'open', version: 7 } }));
  assert.equal(openSpec?.uri, 'file:///p/src/m.spec.ts');
  assert.equal(openSpec?.version, 7);
  assert.equal(openSpec?.exists, true);
  assert.equal(openSpec?.importSpecifier, './m');
  const onDisk = await locateTestFile('file:///p/src/m.ts', deps({}));
  assert.equal(onDisk?.path, '/p/src/__tests__/m.ts');
  assert.equal(onDisk?.version, undefined);
  assert.equal(onDisk?.importSpecifier, '../m');
  delete disk['/p/src/__tests__/m.ts'];
  const fresh = await locateTestFile('file:///p/src/m.ts', deps({}));
  assert.deepEqual({ uri: fresh?.uri, exists: fresh?.exists, text: fresh?.text }, { uri: 'file:///p/src/m.test.ts', exists: false, text: '' });
  assert.equal(await locateTestFile('untitled:Untitled-1', deps({})), undefined);
  assert.equal(specifier('/a/test/m.test.ts', '/a/src/m.ts'), '../src/m');
});

test('mutants: body replaced by return undefined; first return value changed', () => {
  const add = functionAt(MOD, 'm.ts', MOD.indexOf('a + b'))!;
  const [body, ret] = mutantsOf(MOD, add);
  assert.equal(body.name, 'body-undefined');
  assert.match(body.text, /export function add\(a: number, b: number\): number \{ return undefined as any; \}/);
  assert.equal(ret.name, 'return-changed');
  assert.match(ret.text, /return __weavergenMutate\(a \+ b\);/);
  assert.match(ret.text, /function __weavergenMutate\(v: any\): any/);
  const noReturn = 'export function log(xs: number[]): void {\n  xs.push(1);\n}\n';
  assert.deepEqual(mutantsOf(noReturn, functionAt(noReturn, 'n.ts', 10)!).map((m) => m.name), ['body-undefined']);
});
