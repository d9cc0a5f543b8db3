import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterCandidates } from '../../../server/src/consensus/cluster';
import { selectCluster } from '../../../server/src/consensus/select';
import type { Candidate, CandidateRun, ProbeResult } from '../../../server/src/consensus/types';

const ok = (v: string): ProbeResult => ({ status: 'ok', value: v });
function setup(spec: [string, string, ProbeResult[]][]) {
  const cands: Candidate[] = spec.map(([id, providerId]) => ({ id, providerId, code: `function f(x) { return ${JSON.stringify(id)}; }` }));
  const runs: CandidateRun[] = spec.map(([id, , results]) => ({ candidateId: id, loaded: true, results }));
  return { cands, clusters: clusterCandidates(cands, runs) };
}

test('the largest cluster wins by default; components are reported', () => {
  const { cands, clusters } = setup([
    ['a1', 'a', [ok('1')]], ['b1', 'b', [ok('2')]], ['c1', 'c', [ok('2')]], ['d1', 'd', [ok('3')]],
  ]);
  const s = selectCluster(cands, clusters);
  assert.deepEqual(s.winner.cluster.members, ['b1', 'c1']);
  assert.equal(s.winner.components.sizeShare, 0.5);
  assert.equal(s.winner.components.providerShare, 0.5);
  assert.equal(s.runnersUp.length, 2);
  assert.ok(s.ranked[0].components.score > s.ranked[1].components.score);
});

test('doc-example agreement overturns a larger cluster that contradicts the prompt', () => {
  const { cands, clusters } = setup([
    ['a1', 'a', [ok('1'), ok('5')]], ['b1', 'b', [ok('2'), ok('5')]], ['c1', 'c', [ok('2'), ok('5')]],
  ]);
  assert.deepEqual(selectCluster(cands, clusters).winner.cluster.members, ['b1', 'c1']);
  const s = selectCluster(cands, clusters, { expected: ['1', undefined] });
  assert.deepEqual(s.winner.cluster.members, ['a1']);
  assert.deepEqual([s.winner.components.docPassed, s.winner.components.docTotal], [1, 1]);
  assert.equal(selectCluster(cands, clusters, { expected: ['1', undefined], useDocExamples: false }).winner.cluster.members[0], 'b1');
});

test('track record weights the vote', () => {
  const { cands, clusters } = setup([['a1', 'a', [ok('1')]], ['b1', 'b', [ok('2')]], ['c1', 'c', [ok('2')]]]);
  const s = selectCluster(cands, clusters, { providerWeights: { a: 0.95, b: 0.2, c: 0.2 } });
  assert.deepEqual(s.winner.cluster.members, ['a1']);
  assert.equal(s.winner.components.trackRecord, 0.95);
});

test('all-error clusters rank last even when largest', () => {
  const { cands, clusters } = setup([
    ['a1', 'a', [{ status: 'threw' }]], ['b1', 'b', [{ status: 'threw' }]], ['c1', 'c', [{ status: 'timeout' }]], ['d1', 'd', [ok('7')]],
  ]);
  const s = selectCluster(cands, clusters);
  assert.deepEqual(s.winner.cluster.members, ['d1']);
  assert.equal(s.ranked.at(-1)!.cluster.cleanShare, 0);
});

test('ties break deterministically by first member position', () => {
  const { cands, clusters } = setup([['a1', 'a', [ok('1')]], ['b1', 'b', [ok('2')]]]);
  const sim = () => 0.5;
  assert.equal(selectCluster(cands, clusters, { similarity: sim }).winner.representative, 'a1');
  assert.equal(selectCluster([...cands].reverse(), [...clusters].reverse(), { similarity: sim }).winner.representative, 'b1');
  assert.throws(() => selectCluster(cands, []), RangeError);
});

test('a lone cluster reproducing every prompt example beats a 4-member cluster that misses one', () => {
  const e = [ok('3'), ok('2'), ok('1'), ok('8')];
  const wrong = [ok('3'), ok('2'), ok('1'), ok('5')];
  const { cands, clusters } = setup([
    ['a1', 'a', e], ['b1', 'b', wrong], ['c1', 'c', wrong], ['d1', 'd', wrong], ['e1', 'e', wrong],
  ]);
  const s = selectCluster(cands, clusters, { expected: ['3', '2', '1', '8'] });
  assert.deepEqual(s.winner.cluster.members, ['a1']);
  assert.deepEqual([s.winner.components.docPassed, s.runnersUp[0].components.docPassed], [4, 3]);
});

test('timeouts discount a cluster against an equally large one that returns', () => {
  const hang: ProbeResult = { status: 'timeout' };
  const { cands, clusters } = setup([
    ['a1', 'a', [ok('0'), hang, hang, hang]], ['b1', 'b', [ok('0'), hang, hang, hang]],
    ['c1', 'c', [ok('0'), ok('1'), ok('2'), ok('3')]], ['d1', 'd', [ok('0'), ok('1'), ok('2'), ok('3')]],
  ]);
  const s = selectCluster(cands, clusters);
  assert.deepEqual(s.winner.cluster.members, ['c1', 'd1']);
  assert.equal(s.runnersUp[0].components.timeoutShare, 0.75);
  assert.equal(s.winner.components.timeoutShare, 0);
});
