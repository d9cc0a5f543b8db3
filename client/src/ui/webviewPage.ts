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
