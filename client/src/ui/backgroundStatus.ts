/**
 * A second, small status bar item for predictive pre-generation: what the background is
 * doing (running/queued jobs, cached sites) with the metrics in the tooltip (describeBackground.ts).
 */
import * as vscode from 'vscode';
import type { PregenMetrics } from '../../../server/src/protocol';
import { describeBackground } from './describeBackground';

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
