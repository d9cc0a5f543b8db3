/** The pre-generation tooltip says where background jobs run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMetrics } from '../../../server/src/pregen/metrics';
import type { PregenMetrics } from '../../../server/src/protocol';
import { describeBackground } from '../../../client/src/ui/describeBackground';

test('the tooltip names the worker thread, or the main thread with the reason', () => {

  const base = buildMetrics(
    { hits: 0, misses: 0, hitRate: 0, hitLatencyMs: { p50: 0, p95: 0 }, missLatencyMs: { p50: 0, p95: 0 }, wasteRatio: 0, tokensSpent: 0, wastedTokens: 0, sizeBytes: 0, entries: 0 } as never,
    { running: [], queued: 0, foreground: 0, budget: [], counts: { completed: 0, skipped: 0, cancelled: 0, failed: 0 } } as never,
    { shown: 0, misses: 0, belowThreshold: 0 }, true,
  );
  const worker: PregenMetrics = { ...base, backgroundThread: { mode: 'worker' } };
  const inProcess: PregenMetrics = { ...base, backgroundThread: { mode: 'in-process', reason: 'WEAVERGEN_BACKGROUND_WORKER=0' } };
  assert.match(describeBackground(worker).tooltip, /worker thread at low priority/);
  assert.match(describeBackground(inProcess).tooltip, /main thread: WEAVERGEN_BACKGROUND_WORKER=0/);
  assert.doesNotMatch(describeBackground(base).tooltip, /thread/);
});
