import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTestKey, testCacheKey } from '../../../server/src/testgen/key';
import { functionAt } from '../../../server/src/testgen/target';
import type { TestTarget } from '../../../server/src/testgen/resolve';

const MOD = 'const other = 1;\n/** Adds. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n';
const target = (text: string, testExists = false, framework: TestTarget['framework'] = 'node:test'): TestTarget => ({
  fn: functionAt(text, 'm.ts', text.indexOf('return'))!, framework,
  testFile: { uri: 'file:///p/m.test.ts', path: '/p/m.test.ts', exists: testExists, text: '', importSpecifier: './m' },
});
const key = (text: string, exists = false, fw: TestTarget['framework'] = 'node:test', fp = 'fp') => testCacheKey('file:///p/m.ts', target(text, exists, fw), fp);

test('the key follows the function: an edit elsewhere keeps it, an edit of the body, signature or doc changes it', () => {
  const k = key(MOD);
  assert.ok(isTestKey(k));
  assert.equal(key(MOD.replace('const other = 1;', 'const other = 2;\nconst more = 3;')), k);
  assert.notEqual(key(MOD.replace('a + b', 'b + a')), k);
  assert.notEqual(key(MOD.replace('b: number)', 'b: number, c = 0)')), k);
  assert.notEqual(key(MOD.replace('Adds.', 'Adds two numbers.')), k);
  assert.notEqual(key(MOD, true), k, 'test file identity');
  assert.notEqual(key(MOD, false, 'vitest'), k);
  assert.notEqual(key(MOD, false, 'node:test', 'fp2'), k, 'provider fingerprint');
  assert.ok(!isTestKey('file:///p/m.ts\nempty-body\nabc\nfp'));
});
