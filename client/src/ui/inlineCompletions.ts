/**
 * Client side of predictive pre-generation: declares the capability (so the server may
 * spend background tokens), sends the throttled cursor hint, offers ghost text through an
 * InlineCompletionItemProvider that asks `weavergen/inlineCompletion` (answered only from
 * the server's cache), reports acceptance, and shows the background status.
 */
import * as vscode from 'vscode';
import type { LanguageClient, StaticFeature } from 'vscode-languageclient/node';
import {
  CursorNotification, InlineCompletionRequest, PREGEN_CLIENT_CAPABILITY, PregenAcceptedNotification, PregenCommands,
  PregenMetricsRequest, PregenStatusNotification, type PregenAcceptedParams, type PregenInlineItem,
} from '../../../server/src/protocol';
import { BackgroundStatus } from './backgroundStatus';
import { anchorAtCursor, withEol } from './inlineAnchor';

const LANGUAGES = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'];
const CURSOR_THROTTLE_MS = 200;

/** Declares `experimental.weavergenPregeneration` in the client capabilities. */
function capabilityFeature(): StaticFeature {
  return {
    fillClientCapabilities: (caps) => {
      caps.experimental = { ...(caps.experimental as object | undefined), [PREGEN_CLIENT_CAPABILITY]: true };
    },
    initialize: () => undefined,
    getState: () => ({ kind: 'static' }),
    clear: () => undefined,
  };
}

/**
 * The server's item replaces the whole body (a range over several lines); VS Code shows an
 * item only when its range is on one line at the cursor, so it is re-anchored there
 * (inlineAnchor.ts) — same resulting document. Acceptance runs `PregenCommands.accepted`,
 * which reports `weavergen/pregenAccepted` to the server.
 */
function ghostItem(document: vscode.TextDocument, position: vscode.Position, i: PregenInlineItem): vscode.InlineCompletionItem | undefined {
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const start = document.offsetAt(new vscode.Position(i.range.start.line, i.range.start.character));
  const end = document.offsetAt(new vscode.Position(i.range.end.line, i.range.end.character));
  const edit = anchorAtCursor(document.getText(), { start, end, text: withEol(i.insertText, eol) }, document.offsetAt(position));
  if (!edit) return undefined;
  const accepted: PregenAcceptedParams = { uri: document.uri.toString(), kind: i.kind, key: i.key };
  return new vscode.InlineCompletionItem(edit.text, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)),
    { title: 'WeaverGen: pre-generated', command: PregenCommands.accepted, arguments: [accepted] });
}

/** Wires pre-generation for one language client; dispose everything when the client goes. Call before `start()`. */
export function attachPregeneration(client: LanguageClient): vscode.Disposable[] {
  client.registerFeature(capabilityFeature());
  const status = new BackgroundStatus();
  const running = () => client.isRunning();

  const provider: vscode.InlineCompletionItemProvider = {
    async provideInlineCompletionItems(document, position, _context, token) {
      if (!running()) return [];
      try {
        const r = await client.sendRequest(InlineCompletionRequest,
          { textDocument: { uri: document.uri.toString(), version: document.version }, position: { line: position.line, character: position.character } }, token);
        if (token.isCancellationRequested || document.version !== r.items[0]?.version) return [];
        return r.items.flatMap((i) => {
          const item = ghostItem(document, position, i);
          return item ? [item] : [];
        });
      } catch {
        return [];
      }
    },
  };

  let cursorTimer: NodeJS.Timeout | undefined;
  let pending: vscode.TextEditorSelectionChangeEvent | undefined;
  const sendCursor = () => {
    cursorTimer = undefined;
    const e = pending;
    pending = undefined;
    if (!e || !running()) return;
    const p = e.selections[0]?.active;
    if (!p) return;
    void client.sendNotification(CursorNotification, {
      textDocument: { uri: e.textEditor.document.uri.toString(), version: e.textEditor.document.version },
      position: { line: p.line, character: p.character },
    }).catch(() => undefined);
  };

  return [
    status,
    vscode.languages.registerInlineCompletionItemProvider(LANGUAGES.map((language) => ({ language })), provider),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (!LANGUAGES.includes(e.textEditor.document.languageId)) return;
      pending = e;
      cursorTimer ??= setTimeout(sendCursor, CURSOR_THROTTLE_MS);
    }),
    { dispose: () => { if (cursorTimer) clearTimeout(cursorTimer); } },
    client.onNotification(PregenStatusNotification, (m) => status.update(m)),
    vscode.commands.registerCommand(PregenCommands.accepted, (p: PregenAcceptedParams) => {
      if (running()) void client.sendNotification(PregenAcceptedNotification, p).catch(() => undefined);
    }),
    vscode.commands.registerCommand(PregenCommands.metrics, async () => (running() ? client.sendRequest(PregenMetricsRequest, undefined) : status.metrics)),
  ];
}
