/**
 * The HTML shell shared by WeaverGen's webviews: a strict Content-Security-Policy (no
 * inline script or style; scripts only with a per-load nonce), one stylesheet and one
 * script from the panel's media folder, and a placeholder until the script renders.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface WebviewPage {
  /** Folder of the assets (also the panel's only local resource root). */
  root: vscode.Uri;
  /** Base name of `<name>.css` and `<name>.js` in `root`. */
  asset: string;
  title: string;
  loadingText: string;
}

export function webviewHtml(webview: vscode.Webview, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const css = webview.asWebviewUri(vscode.Uri.joinPath(page.root, `${page.asset}.css`));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(page.root, `${page.asset}.js`));
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
<title>${page.title}</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="muted">${page.loadingText}</p></main>
<script nonce="${nonce}" src="${js}"></script>
</body>
</html>`;
}

export interface DataPanelOptions extends Omit<WebviewPage, 'root'> {
  viewType: string;
  /** Folder under media/ holding the assets. */
  folder: string;
  column: vscode.ViewColumn;
  preserveFocus: boolean;
  /** Messages from the page other than `ready`. */
  onMessage: (m: { type?: string; [key: string]: unknown }) => void;
}

/**
 * One webview panel showing data of type T: created on first show, revealed after; the
 * data is posted once the page says `ready`, and again on every later show.
 */
export class DataPanel<T> implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private data: T | undefined;
  private ready = false;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly opts: DataPanelOptions) {}

  get visible(): boolean {
    return this.panel !== undefined;
  }

  show(data: T, title: string): vscode.WebviewPanel {
    this.data = data;
    const { opts } = this;
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(opts.column, opts.preserveFocus);
      if (this.ready) void this.panel.webview.postMessage({ type: 'data', data });
      return this.panel;
    }
    const root = vscode.Uri.joinPath(this.extensionUri, 'media', opts.folder);
    const panel = vscode.window.createWebviewPanel(opts.viewType, title, { viewColumn: opts.column, preserveFocus: opts.preserveFocus }, {
      enableScripts: true, localResourceRoots: [root], retainContextWhenHidden: false,
    });
    this.panel = panel;
    this.ready = false;
    panel.webview.html = webviewHtml(panel.webview, { root, asset: opts.asset, title: opts.title, loadingText: opts.loadingText });
    this.subs.push(
      panel.webview.onDidReceiveMessage((m: { type?: string; [key: string]: unknown }) => {
        if (m?.type === 'ready') {
          this.ready = true;
          void panel.webview.postMessage({ type: 'data', data: this.data });
        } else {
          opts.onMessage(m ?? {});
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
