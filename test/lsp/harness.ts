/**
 * A tiny LSP test client: spawns `node dist/server.js --stdio` and speaks JSON-RPC over
 * the child's pipes. Records server-to-client traffic and lets tests wait on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ApplyWorkspaceEditRequest, createProtocolConnection, ExitNotification, InitializedNotification, InitializeRequest,
  ShowMessageNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter, WorkDoneProgressCreateRequest,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, WorkDoneProgress,
  type ApplyWorkspaceEditParams, type ApplyWorkspaceEditResult, type ClientCapabilities, type InitializeResult,
  type ProtocolConnection, type ShowMessageParams, type WorkDoneProgressBegin, type WorkDoneProgressReport, type WorkDoneProgressEnd, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { StatusNotification, type ServerStatus } from '../../server/src/protocol';

export const SERVER_JS = path.resolve(__dirname, '../../dist/server.js');

export interface TestClient {
  conn: ProtocolConnection;
  proc: ChildProcess;
  init: InitializeResult;
  messages: ShowMessageParams[];
  statuses: ServerStatus[];
  applied: ApplyWorkspaceEditParams[];
  progress: (WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd)[];
  events: EventEmitter;
  /** How the client answers workspace/applyEdit (default: applied). */
  onApplyEdit: (p: ApplyWorkspaceEditParams) => ApplyWorkspaceEditResult;
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void;
  waitFor<T>(event: 'message' | 'status' | 'applyEdit', pred: (v: T) => boolean): Promise<T>;
  /** shutdown + exit; resolves with the process exit code. */
  close(): Promise<number | null>;
}

export async function startClient(opts: {
  settings?: unknown; capabilities?: ClientCapabilities; trusted?: boolean; storagePath?: string;
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
} = {}): Promise<TestClient> {
  if (!fs.existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run "node esbuild.mjs" first`);
  const env = { ...process.env, ...opts.env };
  delete env.OPENAI_API_KEY;
  delete env.ANTHROPIC_API_KEY;
  const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
  if (process.env.WEAVER_TEST_DEBUG) proc.stderr!.pipe(process.stderr); else proc.stderr!.resume();
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const events = new EventEmitter();
  const client = {
    conn, proc, messages: [] as ShowMessageParams[], statuses: [] as ServerStatus[], applied: [] as ApplyWorkspaceEditParams[], progress: [], events,
    onApplyEdit: (): ApplyWorkspaceEditResult => ({ applied: true }),
  } as unknown as TestClient;
  conn.onNotification(ShowMessageNotification.type, (p) => { client.messages.push(p); events.emit('message', p); });
  conn.onNotification(StatusNotification, (p) => { client.statuses.push(p); events.emit('status', p); });
  conn.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
    client.applied.push(p);
    events.emit('applyEdit', p);
    return client.onApplyEdit(p);
  });
  conn.onRequest(WorkDoneProgressCreateRequest.type, (p) => {
    conn.onProgress(WorkDoneProgress.type, p.token, (v) => { client.progress.push(v); events.emit('progress', v); });
    return null;
  });
  conn.listen();
  // A crashed server must fail the test, not leave requests pending forever.
  proc.on('exit', () => conn.dispose());

  client.waitFor = <T>(event: string, pred: (v: T) => boolean) => new Promise<T>((resolve) => {
    const past = event === 'message' ? client.messages : event === 'status' ? client.statuses : client.applied;
    const hit = (past as unknown as T[]).find(pred);
    if (hit !== undefined) return resolve(hit);
    const on = (v: T) => {
      if (!pred(v)) return;
      events.off(event, on);
      resolve(v);
    };
    events.on(event, on);
  });
  client.open = (uri, text, version = 1) => void conn.sendNotification(DidOpenTextDocumentNotification.type,
    { textDocument: { uri, languageId: 'typescript', version, text } });
  client.change = (uri, version, changes) => void conn.sendNotification(DidChangeTextDocumentNotification.type,
    { textDocument: { uri, version }, contentChanges: changes });
  client.close = async () => {
    const exited = once(proc, 'exit');
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    const [code] = await exited;
    return code as number | null;
  };

  client.init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: null, capabilities: opts.capabilities ?? {},
    initializationOptions: {
      settings: opts.settings ?? {},
      ...(opts.trusted !== undefined ? { trusted: opts.trusted } : {}),
      ...(opts.storagePath !== undefined ? { storagePath: opts.storagePath } : {}),
    },
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return client;
}

/** Settings pointing at fake-server providers only (no detection, no demo). */
export function settingsFor(providers: { id: string; baseURL: string; model?: string }[], extra: Record<string, unknown> = {}) {
  return {
    providers: providers.map((p) => ({ id: p.id, kind: 'openai-compatible', model: p.model ?? 'fake-coder', baseURL: p.baseURL })),
    detectLocalServers: false, replayDemo: 'never', maxRetries: 0, requestTimeoutMs: 20000, ...extra,
  };
}

/** Applies LSP text edits to a string (edits must not overlap). */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
