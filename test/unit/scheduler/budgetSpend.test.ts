/**
 * A budget that spends on what will be used (issue 13, item 1): an aborted job that reported
 * nothing stays charged its prompt share only, a job aborted before sending anything is
 * refunded in full, estimates follow the usage providers report, and background tests wait
 * until this user's acceptance of tests earns them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BackgroundScheduler } from '../../../server/src/scheduler';
import { backgroundJob } from '../../../server/src/pregen/jobs';
import { TokenCalibration } from '../../../server/src/pregen/calibration';
import { Pregenerator } from '../../../server/src/pregen/engine';
import { findSite } from '../../../server/src/context/siteFinder';
import { DEFAULT_PREGENERATION_SETTINGS } from '../../../server/src/protocol/settings';
import type { GenerateResult } from '../../../server/src/protocol';
import type { TestPregen } from '../../../server/src/testgen/pregen';
import { cancelledError } from '../../../server/src/util/errors';

const TEXT = 'export function half(n: number): number {\n  // TODO: return half of n\n}\n'.repeat(1);
const PLAN = { ids: ['p'], jobProvider: { id: 'p', kind: 'openai-compatible' as const }, members: [{ id: 'p', kind: 'openai-compatible' as const }], fingerprint: 'f' };

function job(generate: (signal: AbortSignal) => Promise<GenerateResult>, calibration?: TokenCalibration) {
  const found = findSite(TEXT, 'a.ts', { position: { line: 1, character: 4 } })!;
  return backgroundJob({
    doc: { uri: 'file:///a.ts', version: 1, languageId: 'typescript', text: TEXT }, found, key: 'k', priority: 1, plan: PLAN,
    provider: PLAN.jobProvider, maxContextTokens: 4000, generate: (_d, _p, signal) => generate(signal),
    store: () => undefined, spentUnstored: () => undefined, latency: () => undefined, now: Date.now, ...(calibration ? { calibration } : {}),
  });
}

test('a pre-empted job that reported no usage stays charged its prompt, not the answer it never received', async () => {
  const s = new BackgroundScheduler({ tokensPerHour: 20_000, maxRequeues: 0 });
  const spec = job((signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(cancelledError()), { once: true })));
  const r = s.enqueue(spec);
  await s.runForeground(async () => undefined);
  assert.equal((await r.done).status, 'cancelled');
  await s.whenIdle();
  const used = 20_000 - s.budgetLeft('p');
  assert.ok(used > 0, 'the prompt may have been sent: something stays charged');
  assert.ok(used < spec.estimatedTokens, `charged ${used}, the whole estimate ${spec.estimatedTokens} (answer included)`);
  s.dispose();
});

test('a job aborted before it sent anything is refunded in full', async () => {
  let called = false;
  const spec = job(async () => { called = true; throw new Error('unreachable'); });
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(spec.run(ac.signal, ['p']), (e: { tokensUsed?: number }) => e.tokensUsed === 0);
  assert.equal(called, false, 'a model was asked after the abort');
});

test('estimates follow the usage providers report', async () => {
  const calibration = new TokenCalibration();
  const cheap = async () => ({ code: 'return n / 2;', providers: [{ id: 'p', inputTokens: 60, outputTokens: 20 }], quality: { score: 90 } } as unknown as GenerateResult);
  const first = job(cheap, calibration);
  for (let i = 0; i < 5; i++) await job(cheap, calibration).run(new AbortController().signal, ['p']);
  const later = job(cheap, calibration);
  assert.ok(later.estimatedTokens < first.estimatedTokens / 2, `estimate ${first.estimatedTokens} -> ${later.estimatedTokens} after jobs spending 80 tokens`);
});

async function testRefreshes(learned: Record<string, { accepted: number; shown: number }>): Promise<number> {
  const text = 'export function twice(n: number): number {\n  return n * 2;\n}\n';
  const doc = TextDocument.create('file:///w/t.ts', 'typescript', 1, text);
  let refreshes = 0;
  let refreshed!: () => void;
  const done = new Promise<void>((r) => { refreshed = r; });
  const engine = new Pregenerator({
    document: () => doc, maxContextTokens: () => 2000, warmUp: () => undefined, acceptance: () => learned,
    generate: () => Promise.reject(new Error('no body site here')),
  });
  engine.tests = { refresh: async () => { refreshes++; } } as unknown as TestPregen;
  try {
    engine.configure({ ...DEFAULT_PREGENERATION_SETTINGS, enabled: true }, true);
    engine.setPlan(PLAN);
    // Awaiting the refresh itself (no timers): the debounced trigger is not needed to decide.
    await engine.refresh(doc.uri).then(refreshed);
    await done;
    return refreshes;
  } finally {
    engine.dispose();
  }
}

test('background tests only while this user\'s acceptance of tests earns them', async () => {
  assert.equal(await testRefreshes({ 'missing-test': { accepted: 0, shown: 12 } }), 0, 'tests pre-generated although never accepted');
  assert.equal(await testRefreshes({ 'missing-test': { accepted: 9, shown: 10 } }), 1);
});
