/** A minimal LSP client for the bench: spawns `node dist/server.js --stdio` and speaks JSON-RPC over its pipes. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
  InitializedNotification, InitializeRequest, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node.js';

export async function startServer(serverJs, { settings, capabilities, trusted, nodeArgs = [] }) {
  const env = { ...process.env };
  delete env.OPENAI_API_KEY;
  delete env.ANTHROPIC_API_KEY;
  const proc = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
  if (process.env.BENCH_SERVER_STDERR) proc.stderr.pipe(process.stderr);
  else proc.stderr.resume();
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onRequest('workspace/configuration', () => [null]);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification('window/showMessage', () => undefined);
  if (process.env.BENCH_SERVER_STDERR) conn.onNotification('window/logMessage', (m) => console.error('[server]', m.message));
  conn.listen();
  proc.on('exit', () => conn.dispose());
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: null, capabilities, initializationOptions: { settings, trusted },
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return {
    conn, proc,
    open: (uri, text, version) => void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version, text } }),
    change: (uri, version, contentChanges) => void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges }),
    async close() {
      const exited = once(proc, 'exit');
      await conn.sendRequest(ShutdownRequest.type);
      await conn.sendNotification(ExitNotification.type);
      return (await exited)[0];
    },
  };
}

/** Applies LSP text edits to a string (edits must not overlap). */
export function applyEdits(text, edits) {
  const lines = text.split('\n');
  const off = (p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start))) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
