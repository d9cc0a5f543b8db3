/**
 * The evidence webview: the trace as a waterfall, the candidates per cluster and the probe
 * results, drawn by media/evidence/evidence.js. Strict CSP with a nonce; only
 * media/evidence is readable; data arrives by postMessage once the page says it is ready.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
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
    panel.webview.html = html(panel.webview, root);
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

function html(webview: vscode.Webview, root: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const css = webview.asWebviewUri(vscode.Uri.joinPath(root, 'evidence.css'));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(root, 'evidence.js'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>WeaverGen evidence</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="muted">Loading evidence…</p></main>
<script nonce="${nonce}" src="${js}"></script>
</body>
</html>`;
}
