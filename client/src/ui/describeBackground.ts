/**
 * The pre-generation status item's text and tooltip from the server's metrics. Pure (no
 * `vscode`), so the wording is unit-tested without an editor. Every number says what it
 * counts and over which period, and numbers that belong together add up in the same
 * units: budget left = limit − charged (unless a cap across providers is lower).
 */
import type { PregenMetrics } from '../../../server/src/protocol';

export function describeBackground(m: PregenMetrics): { text: string; tooltip: string } {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const busy = m.running + m.queued;
  const text = !m.enabled ? '' : busy ? `$(sync~spin) pre-gen ${m.running}+${m.queued}` : `$(check) pre-gen ${m.cacheEntries}`;
  const budget = m.budget.map((b) => {
    const sum = `  ${b.providerId}: ${b.limit} − ${b.used} charged = ${b.limit - b.used} tokens left`;
    return b.left < b.limit - b.used ? `${sum}; ${b.left} under the cap across providers` : sum;
  });
  const finished = m.jobs.completed + m.jobs.cancelled + m.jobs.skipped + m.jobs.failed;
  const lookups = m.hits + m.misses;
  const tooltip = [
    `WeaverGen pre-generation: ${m.enabled ? 'on' : 'off'}${m.foreground ? ' (paused for your request)' : ''}`,
    `Now: ${m.running} running, ${m.queued} queued`,
    `Jobs since start: ${finished} finished = ${m.jobs.completed} done + ${m.jobs.cancelled} cancelled + ${m.jobs.skipped} skipped + ${m.jobs.failed} failed`,
    `Ready now: ${m.cacheEntries} pre-generated site(s), ${(m.cacheBytes / 1024).toFixed(1)} KiB (an entry leaves when it is used, outdated by an edit, or evicted)`,
    `Served from ready: ${m.hits} of ${lookups} requests (${pct(m.hitRate)})` +
      (m.hits ? ` · answer in ${m.hitLatencyMs.p50.toFixed(1)} ms typical, ${m.hitLatencyMs.p95.toFixed(1)} ms slowest 5%` : '') +
      (m.misses ? ` · generated on request: ${Math.round(m.missLatencyMs.p50)} ms typical` : ''),
    `Tokens since start (yours and background): ${m.tokensSpent}; background tokens not used (yet): ${m.wastedTokens} = ${pct(m.wasteRatio)} of ${m.tokensSpent}`,
    ...(budget.length ? ['Background budget, last 60 minutes (a job is charged its estimate when it starts, then what it spent; a cancelled job that reported nothing keeps its prompt share, a failed one its estimate):', ...budget] : []),
    ...(m.lastSkip ? [`Last skipped: ${m.lastSkip}`] : []),
    ...(m.backgroundThread ? [m.backgroundThread.mode === 'worker'
      ? 'Runs in a worker thread at low priority (your requests go first)'
      : `Runs on the server's main thread: ${m.backgroundThread.reason ?? 'no worker'}`] : []),
  ].join('\n');
  return { text, tooltip };
}
