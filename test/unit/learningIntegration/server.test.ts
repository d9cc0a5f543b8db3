import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OutcomeEvent } from '../../../server/src/learning';
import type { GenerateResult } from '../../../server/src/protocol';
import { resolveSettings } from '../../../server/src/protocol/settings';
import { outcomeBuckets, repairStats } from '../../../server/src/features/learningSummary';
import { languageOf, outcomeInput, rememberedOf, ResultRegistry, validationOf } from '../../../server/src/features/outcomes';
import { RepairLog } from '../../../server/src/features/repairLog';
import { summarizeFeedback } from '../../../server/src/orchestra/repair';

const ev = (i: number, resultId: string, kind: OutcomeEvent['kind'], editRatio?: number): OutcomeEvent => ({
  id: `e${i}`, time: i, resultId, providerIds: ['a'], allProviderIds: ['a', 'b'], language: 'typescript', siteKind: 'empty-body', kind,
  ...(editRatio !== undefined ? { editRatio } : {}),
});

function result(over: Partial<GenerateResult> = {}): GenerateResult {
  const use = { id: 'a', kind: 'openai-compatible' as const, model: 'm', recorded: false, status: 'ok' as const, latencyMs: 1 };
  return {
    code: 'x', edit: { textDocument: { uri: 'file:///f.ts', version: 1 }, edits: [] },
    site: { kind: 'empty-body', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, intent: '', originalText: '' },
    provider: use, providers: [use, { ...use, id: 'b' }, { ...use, id: 'c', status: 'error' }], recorded: false,
    timings: { totalMs: 1, contextMs: 0, generationMs: 1 }, resultId: 'r1',
    consensus: {
      winnerClusterId: 'k0', hunks: [],
      clusters: [
        { id: 'k0', size: 1, providers: ['a'], behaviour: '', representative: '', insertText: '', probesPassed: 4, probesTotal: 4, typeChecks: true },
        { id: 'k1', size: 1, providers: ['b'], behaviour: '', representative: '', insertText: '', probesPassed: 2, probesTotal: 4 },
      ],
    },
    execution: { ran: true, layers: [], probes: 4 },
    quality: { score: 70, components: { docPassed: 1, docTotal: 1 } },
    ...over,
  };
}

test('settings: repair and learning defaults, and malformed values fall back', () => {
  const d = resolveSettings({});
  assert.deepEqual(d.repair, { enabled: true, maxIterations: 3, maxTokens: 20000, maxSeconds: 60, scoreThreshold: 80 });
  assert.deepEqual(d.learning, { enabled: true, outcomeDelayMs: 30000 });
  const s = resolveSettings({ repair: { enabled: false, maxIterations: -1, scoreThreshold: 500 }, learning: { outcomeDelayMs: 50 } });
  assert.equal(s.repair.enabled, false);
  assert.equal(s.repair.maxIterations, 3);
  assert.equal(s.repair.scoreThreshold, 100);
  assert.equal(s.learning.outcomeDelayMs, 50);
});

test('outcome buckets: acceptance and validation per bucket of generations', () => {
  const events = [
    ev(1, 'g1', 'validated-pass'), ev(2, 'g1', 'accepted'),
    ev(3, 'g2', 'validated-fail'), ev(4, 'g2', 'undone'),
    ev(5, 'g3', 'accepted-edited', 0.25),
  ];
  const b = outcomeBuckets(events, 2);
  assert.equal(b.length, 2);
  assert.deepEqual({ ...b[0] }, { from: 1, generations: 2, userOutcomes: 2, validated: 2, acceptance: 0.5, validation: 0.5 });
  assert.equal(b[1].acceptance, 0.75);
  assert.equal(b[1].validation, undefined);
});

test('repair stats: success rate and tokens, per bucket', () => {
  const runs = [true, false, true].map((fixed, i) => ({ time: i, iterations: 1 + i, tokens: 100 * (i + 1), fixed, stoppedBecause: 'score' }));
  const s = repairStats(runs, 2);
  assert.equal(s.runs, 3);
  assert.equal(s.fixed, 2);
  assert.ok(Math.abs(s.successRate! - 2 / 3) < 1e-9);
  assert.equal(s.tokens, 600);
  assert.equal(s.iterations, 6);
  assert.deepEqual(s.buckets.map((x) => x.tokens), [300, 300]);
});

test('remembered results and outcome inputs: winners, answering providers, alternatives', () => {
  const r = rememberedOf(result(), 'f.tsx')!;
  assert.deepEqual(r.providerIds, ['a']);
  assert.deepEqual(r.allProviderIds, ['a', 'b']);
  assert.equal(r.language, 'typescriptreact');
  assert.equal(languageOf('x.mjs'), 'javascript');
  const alt = outcomeInput(r, { resultId: 'r1', kind: 'replaced-by-alternative', alternativeClusterId: 'k1' });
  assert.equal(typeof alt, 'object');
  assert.deepEqual((alt as { alternativeProviderIds: string[] }).alternativeProviderIds, ['b']);
  assert.equal(typeof outcomeInput(r, { resultId: 'r1', kind: 'replaced-by-alternative', alternativeClusterId: 'k9' }), 'string');
  assert.equal((outcomeInput(r, { resultId: 'r1', kind: 'accepted-edited', editRatio: 7 }) as { editRatio: number }).editRatio, 1);
  const reg = new ResultRegistry(2);
  for (const id of ['x', 'y', 'z']) reg.remember({ ...r, resultId: id });
  assert.equal(reg.get('x'), undefined);
  assert.ok(reg.get('z'));
});

test('validation verdict: executed winners only; a missed doc example or probe fails it', () => {
  assert.equal(validationOf(result()), 'validated-pass');
  assert.equal(validationOf(result({ quality: { score: 10, components: { docPassed: 0, docTotal: 1 } } })), 'validated-fail');
  assert.equal(validationOf(result({ execution: { ran: false, layers: [], probes: 0 } })), undefined);
});

test('repair log: appended runs survive reopening; reset forgets', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weavergen-repairlog-'));
  try {
    const log = await RepairLog.open(dir, 2);
    for (let i = 0; i < 5; i++) await log.append({ time: i, iterations: 1, tokens: 10, fixed: i % 2 === 0, stoppedBecause: 'score' });
    assert.deepEqual(log.all().map((r) => r.time), [3, 4]);
    const again = await RepairLog.open(dir, 2);
    assert.deepEqual(again.all().map((r) => r.time), [3, 4]);
    await again.reset();
    assert.equal((await RepairLog.open(dir, 2)).all().length, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('feedback summary: one line per failure, doc examples with expected and actual', () => {
  const s = summarizeFeedback({
    entryPoint: 'f', code: '', items: [
      { kind: 'doc-example', message: 'm', input: 'f(2)', expected: '4', actual: '3' },
      { kind: 'type', message: 'TS2322: bad' },
    ],
  });
  assert.equal(s, 'doc-example: f(2) expected 4, got 3; type: TS2322: bad');
});
