import { test } from 'node:test';
import assert from 'node:assert/strict';
import { qualityScore, storedModel } from '../../../server/src/quality/score';
import { FEATURE_NAMES, featureVector, type QualityComponents } from '../../../server/src/quality/features';
import { fitLogistic, predict } from '../../../server/src/quality/fit';
import { seededRandom } from '../../../server/src/consensus/probeInputs';

const strong: QualityComponents = { parses: 1, runsClean: 1, clusterShare: 0.9, providerShare: 1, docPassed: 3, docTotal: 3, trackRecord: 0.8 };
const weak: QualityComponents = { parses: 1, runsClean: 0.5, clusterShare: 0.1, providerShare: 0.25, docPassed: 0, docTotal: 3, trackRecord: 0.3 };

test('the stored model matches the feature list and scores in 0..100 with visible components', () => {
  const m = storedModel();
  assert.deepEqual([...m.features], [...FEATURE_NAMES]);
  assert.ok(m.source.length > 0);
  const s = qualityScore(strong);
  assert.ok(s.score >= 0 && s.score <= 100);
  assert.deepEqual(s.components, { parses: 1, runsClean: 1, clusterShare: 0.9, providerShare: 1, docPassed: 3, docTotal: 3, trackRecord: 0.8 });
  assert.equal(qualityScore({ ...strong, typeChecks: 0 }).components.typeChecks, 0);
});

test('strong evidence scores higher than weak evidence', () => {
  assert.ok(qualityScore(strong).score > qualityScore(weak).score);
});

test('featureVector: doc rate, missing-doc flag and unknown typeChecks', () => {
  const v = featureVector({ ...weak, docTotal: 0, docPassed: 0 });
  assert.equal(v.length, FEATURE_NAMES.length);
  assert.equal(v[FEATURE_NAMES.indexOf('docMissing')], 1);
  assert.equal(v[FEATURE_NAMES.indexOf('docRate')], 0);
  assert.equal(v[FEATURE_NAMES.indexOf('typeChecks')], 1);
  assert.equal(featureVector(strong)[FEATURE_NAMES.indexOf('docRate')], 1);
});

test('fitLogistic recovers a known model on synthetic data and is calibrated in-sample', () => {
  const rand = seededRandom(7);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const x = [rand(), rand()];
    const p = 1 / (1 + Math.exp(-(-1 + 3 * x[0] - 2 * x[1])));
    X.push(x);
    y.push(rand() < p ? 1 : 0);
  }
  const m = fitLogistic(X, y, 0.01);
  assert.ok(Math.abs(m.intercept + 1) < 0.4, `intercept ${m.intercept}`);
  assert.ok(Math.abs(m.weights[0] - 3) < 0.5, `w0 ${m.weights[0]}`);
  assert.ok(Math.abs(m.weights[1] + 2) < 0.5, `w1 ${m.weights[1]}`);
  const meanP = X.reduce((s, x) => s + predict(m, x), 0) / X.length;
  const meanY = y.reduce((s, v) => s + v, 0) / y.length;
  assert.ok(Math.abs(meanP - meanY) < 0.01);
});
