/**
 * The pre-generation status item's text and tooltip from the server's metrics. Pure (no
 * `vscode`), so the wording is unit-tested without an editor.
 */
import type { PregenMetrics } from '../../../server/src/protocol';

export function describeBackground(m: PregenMetrics): { text: string; tooltip: string } {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const busy = m.running + m.queued;
  const text = !m.enabled ? '' : busy ? `$(sync~spin) pre-gen ${m.running}+${m.queued}` : `$(check) pre-gen ${m.cacheEntries}`;
  const budget = m.budget.map((b) => `  ${b.providerId}: ${b.left} of ${b.limit} tokens left this hour`);
  const tooltip = [
    `WeaverGen pre-generation: ${m.enabled ? 'on' : 'off'}${m.foreground ? ' (paused for your request)' : ''}`,
    `Jobs: ${m.running} running, ${m.queued} queued · ${m.jobs.completed} done, ${m.jobs.cancelled} cancelled, ${m.jobs.skipped} skipped`,
    `Cache: ${m.cacheEntries} pre-generated site(s), ${(m.cacheBytes / 1024).toFixed(1)} KiB`,
    `Hit rate: ${pct(m.hitRate)} (${m.hits} of ${m.hits + m.misses}) · hit p50 ${m.hitLatencyMs.p50.toFixed(1)} ms, p95 ${m.hitLatencyMs.p95.toFixed(1)} ms · miss p50 ${Math.round(m.missLatencyMs.p50)} ms`,
    `Tokens: ${m.tokensSpent} spent, waste ${pct(m.wasteRatio)}`,
    ...(budget.length ? ['Budget:', ...budget] : []),
    ...(m.lastSkip ? [`Last skipped: ${m.lastSkip}`] : []),
    ...(m.backgroundThread ? [m.backgroundThread.mode === 'worker'
      ? 'Runs in a worker thread at low priority (your requests go first)'
      : `Runs on the server's main thread: ${m.backgroundThread.reason ?? 'no worker'}`] : []),
  ].join('\n');
  return { text, tooltip };
}
