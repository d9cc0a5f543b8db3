import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterCandidates, signatureOf, LOAD_ERROR } from '../../../server/src/consensus/cluster';
import type { Candidate, CandidateRun } from '../../../server/src/consensus/types';

const cand = (id: string, providerId: string): Candidate => ({ id, providerId, code: `// ${id}` });
const ok = (v: string) => ({ status: 'ok' as const, value: v });

test('identical signatures cluster together; load errors get their own signature', () => {
  const cs = [cand('a1', 'a'), cand('b1', 'b'), cand('c1', 'c'), cand('a2', 'a'), cand('d1', 'd')];
  const runs: CandidateRun[] = [
    { candidateId: 'a1', loaded: true, results: [ok('1'), ok('2')] },
    { candidateId: 'b1', loaded: true, results: [ok('1'), ok('3')] },
    { candidateId: 'c1', loaded: true, results: [ok('1'), ok('2')] },
    { candidateId: 'a2', loaded: true, results: [ok('1'), ok('2')] },
    { candidateId: 'd1', loaded: false, results: [] },
  ];
  const clusters = clusterCandidates(cs, runs);
  assert.deepEqual(clusters.map((c) => [c.members, c.providers, c.size]), [
    [['a1', 'c1', 'a2'], ['a', 'c'], 3],
    [['b1'], ['b'], 1],
    [['d1'], ['d'], 1],
  ]);
  assert.equal(clusters[2].signature, LOAD_ERROR);
  assert.equal(clusters[2].cleanShare, 0);
  assert.equal(clusters[0].cleanShare, 1);
});

test('errors cluster by status, not by message; a missing run is a load error', () => {
  const x: CandidateRun = { candidateId: 'x', loaded: true, results: [{ status: 'threw', error: 'at line 3' }, { status: 'timeout' }] };
  const y: CandidateRun = { candidateId: 'y', loaded: true, results: [{ status: 'threw', error: 'at line 9' }, { status: 'timeout' }] };
  assert.equal(signatureOf(x), signatureOf(y));
  assert.notEqual(signatureOf(x), signatureOf({ ...y, results: [ok('undefined'), { status: 'timeout' }] }));
  assert.equal(signatureOf(undefined), LOAD_ERROR);
  const [c] = clusterCandidates([cand('x', 'p'), cand('y', 'q')], [x, y]);
  assert.equal(c.size, 2);
  assert.equal(c.cleanShare, 0);
});
