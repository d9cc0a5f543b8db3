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
  PregenMetricsRequest, PregenStatusNotification, type PregenAcceptedParams,
} from '../../../server/src/protocol';
import { BackgroundStatus } from './backgroundStatus';

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
        return r.items.map((i) => {
          const accepted: PregenAcceptedParams = { uri: document.uri.toString(), kind: i.kind, key: i.key };
          const item = new vscode.InlineCompletionItem(i.insertText, client.protocol2CodeConverter.asRange(i.range),
            { title: 'WeaverGen: pre-generated', command: PregenCommands.accepted, arguments: [accepted] });
          return item;
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
