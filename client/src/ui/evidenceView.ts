/**
 * The evidence webview: the trace as a waterfall, the candidates per cluster and the probe
 * results, drawn by media/evidence/evidence.js. Strict CSP with a nonce; only
 * media/evidence is readable; data arrives by postMessage once the page says it is ready.
 */
import * as vscode from 'vscode';
import { webviewHtml } from './webviewPage';
import type { GeneratedRegion, TraceResult } from '../../../server/src/protocol';

export const EVIDENCE_VIEW_TYPE = 'weavergen.evidence';

export interface EvidenceData {
  traceId?: string;
  trace?: TraceResult | null;
  region?: GeneratedRegion;
}

export class EvidenceView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private data: EvidenceData = {};
  private ready = false;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly onShowTrace: (traceId: string) => void) {}

  show(data: EvidenceData): vscode.WebviewPanel {
    this.data = data;
    const title = `Evidence${data.traceId ? ` ${data.traceId.slice(0, 8)}` : ''}`;
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      if (this.ready) void this.panel.webview.postMessage({ type: 'data', data });
      return this.panel;
    }
    const root = vscode.Uri.joinPath(this.extensionUri, 'media', 'evidence');
    const panel = vscode.window.createWebviewPanel(EVIDENCE_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true, localResourceRoots: [root], retainContextWhenHidden: false,
    });
    this.panel = panel;
    this.ready = false;
    panel.webview.html = webviewHtml(panel.webview, { root, asset: 'evidence', title: 'WeaverGen evidence', loadingText: 'Loading evidence…' });
    this.subs.push(
      panel.webview.onDidReceiveMessage((m: { type?: string; traceId?: string }) => {
        if (m?.type === 'ready') {
          this.ready = true;
          void panel.webview.postMessage({ type: 'data', data: this.data });
        } else if (m?.type === 'showTrace' && typeof m.traceId === 'string') {
          this.onShowTrace(m.traceId);
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
