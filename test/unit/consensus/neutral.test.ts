/** Inputs every candidate throws on alike are no evidence (consensus/neutral.ts, cluster.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanShareOf, errorName, neutralInputs } from '../../../server/src/consensus/neutral';
import { clusterCandidates } from '../../../server/src/consensus/cluster';
import type { CandidateRun, ProbeResult } from '../../../server/src/consensus/types';

const ok = (value: string): ProbeResult => ({ status: 'ok', value });
const threw = (error: string): ProbeResult => ({ status: 'threw', error });

test('error names', () => {
  assert.equal(errorName('TypeError: x is not a function'), 'TypeError');
  assert.equal(errorName('Error: Invalid ISO date: "abc"'), 'Error');
  assert.equal(errorName('Uncaught "boom"'), 'Uncaught');
  assert.equal(errorName(undefined), '');
});

test('an input is neutral only when every loaded candidate threw on it with the same error name', () => {
  const runs: CandidateRun[] = [
    { candidateId: 'a', loaded: true, results: [threw('Error: bad date'), threw('Error: x'), ok('1'), threw('TypeError: t')] },
    { candidateId: 'b', loaded: true, results: [threw('Error: invalid input'), ok('2'), ok('1'), threw('RangeError: r')] },
    { candidateId: 'c', loaded: false, results: [] },
  ];
  assert.deepEqual(neutralInputs(runs, 4), [true, false, false, false]);
  assert.deepEqual(neutralInputs([], 2), [false, false]);
});

test('clean share leaves neutral inputs out; all neutral: rejections clean, crashes not', () => {
  assert.equal(cleanShareOf([threw('Error: no'), ok('1'), threw('Error: no')], [true, false, false]), 0.5);
  assert.equal(cleanShareOf([threw('Error: Invalid ISO date'), threw('RangeError: out of range')], [true, true]), 1);
  assert.equal(cleanShareOf([threw('ReferenceError: y is not defined')], [true]), 0);
  assert.equal(cleanShareOf([threw("TypeError: Cannot read properties of undefined (reading 'x')")], [true]), 0);
  assert.equal(cleanShareOf([threw('Error: no'), ok('1')], undefined), 0.5);
});

test('clusters: a candidate that only rejects what every candidate rejects is fully clean', () => {
  const candidates = [{ id: 'a', providerId: 'p', code: 'A' }, { id: 'b', providerId: 'q', code: 'B' }];
  const runs: CandidateRun[] = [
    { candidateId: 'a', loaded: true, results: [threw('Error: invalid'), ok('1'), ok('2')] },
    { candidateId: 'b', loaded: true, results: [threw('Error: bad'), ok('1'), threw('Error: oops')] },
  ];
  const neutral = neutralInputs(runs, 3);
  const clusters = clusterCandidates(candidates, runs, neutral);
  assert.deepEqual(clusters.map((c) => [c.members[0], c.cleanShare]), [['a', 1], ['b', 0.5]]);
  // Without the neutral inputs, as before: the shared rejection counted against both.
  assert.deepEqual(clusterCandidates(candidates, runs).map((c) => c.cleanShare), [2 / 3, 1 / 3]);
});
