/**
 * The read-only `weavergen-trace:` document: the server's text rendering of a trace
 * (TraceRequest `text`), highlighted by syntaxes/weavergen-trace.tmLanguage.json.
 * URI: weavergen-trace:/<traceId>.trace
 */
import * as vscode from 'vscode';
import { TRACE_LANGUAGE_ID, TRACE_URI_SCHEME, TraceRequest } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';

export function traceUri(traceId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: TRACE_URI_SCHEME, path: `/${traceId}.trace` });
}

export function traceIdOfUri(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.trace$/, '');
}

export class TraceDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly ctx: Ctx) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const traceId = traceIdOfUri(uri);
    const trace = await this.ctx.client.sendRequest(TraceRequest, { traceId }, token);
    if (!trace) return `trace ${traceId}: not found (it may have been evicted from the span store)\n`;
    return trace.text || trace.spans.map((s) => `${s.name}  ${Math.round(s.durationMs)} ms  ${s.status.code.toUpperCase()}`).join('\n');
  }
}

/** Registered on first use; the registration lives as long as the extension. */
let registered = false;

export async function openTraceDocument(ctx: Ctx, traceId: string): Promise<vscode.TextEditor> {
  if (!registered) {
    registered = true;
    ctx.track(vscode.workspace.registerTextDocumentContentProvider(TRACE_URI_SCHEME, new TraceDocumentProvider(ctx)));
  }
  let doc = await vscode.workspace.openTextDocument(traceUri(traceId));
  if (doc.languageId !== TRACE_LANGUAGE_ID) doc = await vscode.languages.setTextDocumentLanguage(doc, TRACE_LANGUAGE_ID);
  return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}
