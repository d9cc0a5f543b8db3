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

test('the tooltip numbers add up: budget left = limit − charged, jobs sum, waste is a share of the spent tokens', () => {
  const m = buildMetrics(
    { hits: 1, misses: 3, hitRate: 0.25, hitLatencyMs: { p50: 2, p95: 3 }, missLatencyMs: { p50: 900, p95: 1200 }, wasteRatio: 0.5, tokensSpent: 516, wastedTokens: 258, sizeBytes: 0, entries: 0 } as never,
    { running: [], queued: 0, foreground: 0, budget: [{ providerId: 'local', limit: 20000, used: 8718, left: 11282 }, { providerId: 'paid', limit: 5000, used: 1000, left: 2000 }],
      counts: { completed: 2, skipped: 1, cancelled: 1, failed: 0 } } as never,
    { shown: 0, misses: 0, belowThreshold: 0 }, true,
  );
  const t = describeBackground(m).tooltip;
  assert.match(t, /local: 20000 − 8718 charged = 11282 tokens left/);
  assert.match(t, /paid: 5000 − 1000 charged = 4000 tokens left; 2000 under the cap across providers/);
  assert.match(t, /4 finished = 2 done \+ 1 cancelled \+ 1 skipped \+ 0 failed/);
  assert.match(t, /not used \(yet\): 258 = 50% of 516/);
  assert.match(t, /Ready now: 0 pre-generated site\(s\).*leaves when it is used/);
  assert.match(t, /Served from ready: 1 of 4 requests \(25%\)/);
});
