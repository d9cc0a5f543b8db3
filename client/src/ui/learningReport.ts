/**
 * The learning report webview: acceptance and validation rate over time, per-provider
 * reliability with intervals, the repair loop's success rate and tokens — drawn as SVG by
 * media/learning/learning.js. Strict CSP with a nonce; only media/learning is readable;
 * data arrives by postMessage once the page says it is ready.
 */
import * as vscode from 'vscode';
import { DataPanel } from './webviewPage';
import type { LearningSummary } from '../../../server/src/protocol';

export const LEARNING_VIEW_TYPE = 'weavergen.learning';

export class LearningReport implements vscode.Disposable {
  private readonly panel: DataPanel<LearningSummary>;

  constructor(extensionUri: vscode.Uri, onRefresh: () => void) {
    this.panel = new DataPanel<LearningSummary>(extensionUri, {
      viewType: LEARNING_VIEW_TYPE, folder: 'learning', asset: 'learning', title: 'WeaverGen: what was learned', loadingText: 'Loading what was learned…',
      column: vscode.ViewColumn.Active, preserveFocus: false,
      onMessage: (m) => {
        if (m.type === 'refresh') onRefresh();
      },
    });
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  show(data: LearningSummary): vscode.WebviewPanel {
    return this.panel.show(data, 'WeaverGen: What Was Learned');
  }

  dispose(): void {
    this.panel.dispose();
  }
}
