import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseCandidate, countStaticAssertions, testQuality, type Scored } from '../../../server/src/testgen/choose';
import type { Verdict } from '../../../server/src/testgen/validate';

const verdict = (passed: boolean, killed: number, assertions: number): Verdict => ({
  passed, testsPassed: passed ? 1 : 0, testsFailed: passed ? 0 : 1, assertions, mutantsKilled: killed, mutantsTotal: 2, mutants: ['a', 'b'], layers: [],
});
const cand = (name: string, v: Verdict | undefined, votes = 1, order = 0, staticAssertions = 0): Scored<string> => ({ value: name, verdict: v, votes, order, staticAssertions });

test('passing beats failing; then mutants killed; then assertions; then votes; then arrival', () => {
  assert.equal(chooseCandidate([cand('fail', verdict(false, 0, 9), 3, 0), cand('pass', verdict(true, 0, 1), 1, 1)])?.value, 'pass');
  assert.equal(chooseCandidate([cand('weak', verdict(true, 0, 9), 1, 0), cand('strong', verdict(true, 2, 1), 1, 1)])?.value, 'strong');
  assert.equal(chooseCandidate([cand('few', verdict(true, 1, 1), 1, 0), cand('many', verdict(true, 1, 4), 1, 1)])?.value, 'many');
  assert.equal(chooseCandidate([cand('one', verdict(true, 1, 2), 1, 0), cand('two', verdict(true, 1, 2), 2, 1)])?.value, 'two');
  assert.equal(chooseCandidate([cand('first', verdict(true, 1, 2), 1, 0), cand('second', verdict(true, 1, 2), 1, 1)])?.value, 'first');
  assert.equal(chooseCandidate([cand('s1', undefined, 1, 0, 1), cand('s3', undefined, 1, 1, 3)])?.value, 's3', 'unexecuted: static assertions');
});

test('quality: documented formula with visible components', () => {
  const full = testQuality(cand('x', verdict(true, 2, 5), 2), 2, true);
  assert.equal(full.score, 100);
  assert.deepEqual(full.components, { executed: 1, passes: 1, mutationScore: 1, mutantsKilled: 2, mutantsTotal: 2, assertions: 5, assertionScore: 1, agreement: 1 });
  const trivial = testQuality(cand('t', verdict(true, 0, 1), 1), 2, true);
  assert.equal(trivial.score, 40 + 15 * 0.2 + 10 * 0.5);
  assert.equal(testQuality(cand('f', verdict(false, 0, 5)), 1, true).score, 0);
  const unexecuted = testQuality(cand('u', undefined, 1, 0, 10), 1, false);
  assert.equal(unexecuted.score, 25);
  assert.equal(unexecuted.components.executed, 0);
  assert.equal(countStaticAssertions('assert.equal(1, 1); assert(x); expect(y).toBe(1); notassert(1)'), 3);
});
