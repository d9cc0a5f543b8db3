/**
 * A second, small status bar item for predictive pre-generation: what the background is
 * doing (running/queued jobs, cached sites) with the metrics in the tooltip.
 * `describeBackground` is pure so the wording can be reasoned about without an editor.
 */
import * as vscode from 'vscode';
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
  ].join('\n');
  return { text, tooltip };
}

export class BackgroundStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('weavergen.pregen', vscode.StatusBarAlignment.Right, 99);
  private last: PregenMetrics | undefined;

  constructor() {
    this.item.name = 'WeaverGen pre-generation';
  }

  update(m: PregenMetrics): void {
    this.last = m;
    const view = describeBackground(m);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    if (view.text) this.item.show(); else this.item.hide();
  }

  get metrics(): PregenMetrics | undefined {
    return this.last;
  }

  dispose(): void {
    this.item.dispose();
  }
}
