/**
 * The learning report webview: acceptance and validation rate over time, per-provider
 * reliability with intervals, the repair loop's success rate and tokens — drawn as SVG by
 * media/learning/learning.js. Strict CSP with a nonce; only media/learning is readable;
 * data arrives by postMessage once the page says it is ready.
 */
import * as vscode from 'vscode';
import { webviewHtml } from './webviewPage';
import type { LearningSummary } from '../../../server/src/protocol';

export const LEARNING_VIEW_TYPE = 'weavergen.learning';

export class LearningReport implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private data: LearningSummary | undefined;
  private ready = false;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly onRefresh: () => void) {}

  get visible(): boolean {
    return this.panel !== undefined;
  }

  show(data: LearningSummary): vscode.WebviewPanel {
    this.data = data;
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Active, false);
      if (this.ready) void this.panel.webview.postMessage({ type: 'data', data });
      return this.panel;
    }
    const root = vscode.Uri.joinPath(this.extensionUri, 'media', 'learning');
    const panel = vscode.window.createWebviewPanel(LEARNING_VIEW_TYPE, 'WeaverGen: What Was Learned', vscode.ViewColumn.Active, {
      enableScripts: true, localResourceRoots: [root], retainContextWhenHidden: false,
    });
    this.panel = panel;
    this.ready = false;
    panel.webview.html = webviewHtml(panel.webview, { root, asset: 'learning', title: 'WeaverGen: what was learned', loadingText: 'Loading what was learned…' });
    this.subs.push(
      panel.webview.onDidReceiveMessage((m: { type?: string }) => {
        if (m?.type === 'ready') {
          this.ready = true;
          void panel.webview.postMessage({ type: 'data', data: this.data });
        } else if (m?.type === 'refresh') {
          this.onRefresh();
        }
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        for (const s of this.subs.splice(0)) s.dispose();
      }),
    );
    return panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
