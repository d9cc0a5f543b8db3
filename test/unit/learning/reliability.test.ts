import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReliabilityModel } from '../../../server/src/learning/reliability';
import { evidenceOf } from '../../../server/src/learning/evidence';
import { betaCdf, betaQuantile } from '../../../server/src/learning/beta';
import type { OutcomeEvent, OutcomeKind } from '../../../server/src/learning/outcomes';

let seq = 0;
function ev(kind: OutcomeKind, providerIds: string[], extra: Partial<OutcomeEvent> = {}): OutcomeEvent {
  return {
    id: `e${++seq}`, time: seq, resultId: `r${seq}`, providerIds, allProviderIds: extra.allProviderIds ?? providerIds,
    language: 'typescript', siteKind: 'function', kind, ...extra,
  };
}

test('beta helpers: known values', () => {
  assert.ok(Math.abs(betaCdf(0.5, 2, 2) - 0.5) < 1e-9);
  assert.ok(Math.abs(betaCdf(0.3, 1, 1) - 0.3) < 1e-9);
  assert.ok(Math.abs(betaQuantile(0.05, 1, 1) - 0.05) < 1e-9);
  // Beta(2,2) cdf at 0.25 = 3x^2 - 2x^3 = 0.15625
  assert.ok(Math.abs(betaCdf(0.25, 2, 2) - 0.15625) < 1e-9);
});

test('prior: an unseen provider gets Beta(2,2): mean 0.5 and a wide 90% interval', () => {
  const m = new ReliabilityModel();
  const e = m.estimate('nobody');
  assert.equal(e.source, 'prior');
  assert.equal(e.mean, 0.5);
  assert.ok(Math.abs(e.lower - 0.1354) < 1e-3 && Math.abs(e.upper - 0.8646) < 1e-3, `${e.lower} ${e.upper}`);
});

test('update: successes raise the mean, failures lower it, intervals narrow', () => {
  const m = new ReliabilityModel({ halfLifeEvents: Infinity });
  for (let i = 0; i < 8; i++) m.observe(ev('accepted', ['a']));
  for (let i = 0; i < 8; i++) m.observe(ev('undone', ['b']));
  assert.equal(m.mean('a'), 10 / 12);
  assert.equal(m.mean('b'), 2 / 12);
  const a = m.estimate('a');
  assert.ok(a.lower > 0.6 && a.upper < 0.97 && a.upper - a.lower < 0.73 - 0.14);
  assert.equal(a.events, 8);
});

test('evidence mapping: partial edits, dissent, replacement by an alternative', () => {
  assert.deepEqual(evidenceOf(ev('accepted-edited', ['a'], { editRatio: 0.25 })), [{ providerId: 'a', success: 0.75, failure: 0.25 }]);
  assert.deepEqual(evidenceOf(ev('validated-pass', ['a'], { allProviderIds: ['a', 'b'] })), [
    { providerId: 'a', success: 1, failure: 0 }, { providerId: 'b', success: 0, failure: 0.5 }]);
  assert.deepEqual(evidenceOf(ev('broken-later', ['a'], { allProviderIds: ['a', 'b'] })), [{ providerId: 'a', success: 0, failure: 1 }]);
  assert.deepEqual(evidenceOf(ev('replaced-by-alternative', ['a', 'b'], { alternativeProviderIds: ['c'] })), [
    { providerId: 'a', success: 0, failure: 1 }, { providerId: 'b', success: 0, failure: 1 }, { providerId: 'c', success: 1, failure: 0 }]);
  for (const k of ['dismissed', 'validated-fail', 'undone'] as const) assert.equal(evidenceOf(ev(k, ['a']))[0].failure, 1);
});

test('decay follows drift; without forgetting the old record dominates', () => {
  const forgetful = new ReliabilityModel({ halfLifeEvents: 50 });
  const stubborn = new ReliabilityModel({ halfLifeEvents: Infinity });
  for (let i = 0; i < 400; i++) for (const m of [forgetful, stubborn]) m.observe(ev('accepted', ['a']));
  for (let i = 0; i < 150; i++) for (const m of [forgetful, stubborn]) m.observe(ev('undone', ['a']));
  assert.ok(forgetful.mean('a') < 0.2, `forgetful ${forgetful.mean('a')}`);
  assert.ok(stubborn.mean('a') > 0.65, `stubborn ${stubborn.mean('a')}`);
  // Evidence decays toward the prior while the provider is not observed.
  const lonely = new ReliabilityModel({ halfLifeEvents: 10 });
  for (let i = 0; i < 20; i++) lonely.observe(ev('accepted', ['a']));
  const before = lonely.estimate('a').evidence;
  for (let i = 0; i < 10; i++) lonely.observe(ev('accepted', ['z']));
  assert.ok(Math.abs(lonely.estimate('a').evidence - before / 2) < 1e-9);
});

test('sparse (language, kind) cells fall back to the pooled provider estimate', () => {
  const m = new ReliabilityModel({ halfLifeEvents: Infinity, minCellEvidence: 5 });
  for (let i = 0; i < 20; i++) m.observe(ev('accepted', ['a'], { language: 'python' }));
  for (let i = 0; i < 3; i++) m.observe(ev('undone', ['a'], { language: 'rust' }));
  const rust = m.estimate('a', 'rust', 'function');
  assert.equal(rust.source, 'pooled');
  assert.equal(rust.mean, m.mean('a'));
  const py = m.estimate('a', 'python', 'function');
  assert.equal(py.source, 'cell');
  assert.equal(py.mean, 22 / 24);
  for (let i = 0; i < 3; i++) m.observe(ev('undone', ['a'], { language: 'rust' }));
  assert.equal(m.estimate('a', 'rust', 'function').source, 'cell');
  assert.equal(m.mean('a', 'rust', 'function'), 2 / 10);
});

test('weights, ranking and the per-kind decisions', () => {
  const m = new ReliabilityModel();
  for (let i = 0; i < 10; i++) m.observe(ev('accepted', ['good'], { allProviderIds: ['good', 'bad'] }));
  assert.deepEqual(m.rankProviders(['bad', 'good', 'new']), ['good', 'new', 'bad']);
  const w = m.consensusWeights(['good', 'bad']);
  assert.ok(w.good > 0.8 && w.bad < 0.4);
  assert.equal(m.weights().good.source, 'pooled');
  for (let i = 0; i < 30; i++) m.observe(ev('dismissed', ['good'], { siteKind: 'expression' }));
  assert.equal(m.shouldPregenerate('function'), true);
  assert.equal(m.shouldPregenerate('expression'), false);
  assert.equal(m.showGhostText('expression'), false);
  assert.equal(m.showGhostText('never-seen'), true);
  // Validation says nothing about whether users accept a kind.
  const v = new ReliabilityModel();
  for (let i = 0; i < 30; i++) v.observe(ev('validated-fail', ['a'], { siteKind: 'body' }));
  assert.equal(v.acceptance('body').events, 0);
});

test('persistence round-trip, replay from outcomes, reset, summary', () => {
  const events = Array.from({ length: 40 }, (_, i) => ev(i % 3 ? 'accepted' : 'undone', [i % 2 ? 'a' : 'b'], { allProviderIds: ['a', 'b'] }));
  const m = ReliabilityModel.fromOutcomes(events, { halfLifeEvents: 30 });
  const back = ReliabilityModel.fromJSON(JSON.parse(JSON.stringify(m.toJSON())), { halfLifeEvents: 30 });
  assert.deepEqual(back.summary(), m.summary());
  assert.equal(back.events, 40);
  const s = m.summary();
  assert.deepEqual(s.providers.map((p) => p.providerId), ['a', 'b']);
  assert.ok(s.providers.every((p) => p.lower < p.mean && p.mean < p.upper));
  assert.equal(s.level, 0.9);
  assert.equal(ReliabilityModel.fromJSON({ nonsense: true }).events, 0);
  m.reset();
  assert.equal(m.events, 0);
  assert.deepEqual(m.providers(), []);
  assert.equal(m.mean('a'), 0.5);
});
