import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeCode, regexNormalize, textSimilarity, codeTokens } from '../../../server/src/consensus/normalize';

const A = `function add(a, b) {\n  // sum\n  return a + b;\n}\n`;
const B = `function add(a,b){ return a+b }  /* trailing */`;
const C = `const greet = (n) => { return 'hi ' + n; };`;
const D = `const greet = (n) => {\n  return "hi " + n\n}`;

test('normalizeCode: whitespace, comments and semicolons do not matter', () => {
  assert.equal(normalizeCode(A).text, normalizeCode(B).text);
  assert.equal(normalizeCode(A).parsed, true);
});

test('normalizeCode: quote style does not matter, content does', () => {
  assert.equal(normalizeCode(C).text, normalizeCode(D).text);
  assert.notEqual(normalizeCode(C).text, normalizeCode(`const greet = (n) => { return 'ho ' + n; };`).text);
});

test('normalizeCode: different behaviour stays different', () => {
  assert.notEqual(normalizeCode(A).text, normalizeCode(A.replace('a + b', 'a - b')).text);
});

test('normalizeCode: unparseable code falls back to the regex normaliser', () => {
  const broken = `function f(a) {\n  return a +\n`;
  const r = normalizeCode(broken);
  assert.equal(r.parsed, false);
  assert.equal(r.text, regexNormalize(broken));
  assert.equal(regexNormalize(`f( 'x' ) ; // c`), regexNormalize(`f("x")`));
});

test('codeTokens skips comments, whitespace and semicolons', () => {
  assert.deepEqual(codeTokens(`x = 'a'; // c\n`), ['x', '=', '"a"']);
});

test('textSimilarity: 1 for equivalent text, lower for renamed, lowest for unrelated', () => {
  assert.equal(textSimilarity(A, B), 1);
  const renamed = textSimilarity(A, A.replace(/\ba\b/g, 'x'));
  const unrelated = textSimilarity(A, `while (true) { console.log("loop"); }`);
  assert.ok(renamed < 1 && renamed > 0.3, `renamed ${renamed}`);
  assert.ok(unrelated < renamed, `unrelated ${unrelated}`);
  assert.equal(textSimilarity(A, C), textSimilarity(C, A));
});
