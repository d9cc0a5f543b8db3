/**
 * Generated-region evidence over real JSON-RPC (stdio) against the fake model server:
 * code lens and hover after a generation, lenses following edits, and provenance that
 * survives a server restart over the same storagePath.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ApplyWorkspaceEditRequest, CodeLensRefreshRequest, CodeLensRequest, createProtocolConnection, DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification, ExecuteCommandRequest, ExitNotification, HoverRequest, InitializedNotification, InitializeRequest,
  ShutdownRequest, StreamMessageReader, StreamMessageWriter, TextDocumentEdit, type CodeLens, type MarkupContent, type ProtocolConnection,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import {
  EvidenceCommands, RegionAppliedNotification, RegionsRequest, ServerCommands, type GenerateAtResult, type RegionSource,
} from '../../server/src/protocol';
import { applyEdits, SERVER_JS, settingsFor } from './harness';

const SOURCE = 'const before = 1;\n\nexport function area(w: number, h: number): number {\n  throw new Error("not implemented");\n}\n';
const ANSWER = '```ts\nreturn w * h;\n```';

/** A minimal client that also passes initializationOptions.storagePath and answers applyEdit/codeLens refresh. */
async function start(storagePath: string, settings: unknown) {
  const env = { ...process.env };
  delete env.OPENAI_API_KEY;
  delete env.ANTHROPIC_API_KEY;
  const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
  proc.stderr!.resume();
  const conn: ProtocolConnection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const refreshes: (() => void)[] = [];
  const edits: { uri: string; version: number; edits: any[] }[] = [];
  conn.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
    const change = p.edit.documentChanges![0] as TextDocumentEdit;
    edits.push({ uri: change.textDocument.uri, version: change.textDocument.version!, edits: change.edits });
    return { applied: true };
  });
  conn.onRequest(CodeLensRefreshRequest.type, () => {
    for (const r of refreshes.splice(0)) r();
    return null;
  });
  conn.listen();
  proc.on('exit', () => conn.dispose());
  const init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: null,
    capabilities: { workspace: { codeLens: { refreshSupport: true } } },
    initializationOptions: { settings, storagePath },
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return {
    conn, init, edits,
    /** Resolves at the next workspace/codeLens/refresh (the server saw regions change). */
    nextRefresh: () => new Promise<void>((r) => refreshes.push(r)),
    open: (uri: string, text: string, version = 1) => conn.sendNotification(DidOpenTextDocumentNotification.type,
      { textDocument: { uri, languageId: 'typescript', version, text } }),
    change: (uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]) =>
      conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges }),
    lenses: (uri: string) => conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } }) as Promise<CodeLens[]>,
    hover: (uri: string, line: number, character: number) => conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } }),
    async close() {
      const exited = once(proc, 'exit');
      await conn.sendRequest(ShutdownRequest.type);
      await conn.sendNotification(ExitNotification.type);
      return (await exited)[0] as number | null;
    },
  };
}
type Client = Awaited<ReturnType<typeof start>>;

let fake: FakeModelServer;
let storage: string;
let settings: unknown;
let client: Client;
const uri = 'file:///work/evidence/area.ts';
let text = SOURCE;

before(async () => {
  fake = await startFakeModelServer();
  fake.setReply(ANSWER);
  storage = fs.mkdtempSync(path.join(os.tmpdir(), 'weavergen-evidence-lsp-'));
  settings = settingsFor([
    { id: 'alpha', baseURL: fake.openaiBaseURL, model: 'model-a' },
    { id: 'beta', baseURL: fake.openaiBaseURL, model: 'model-b' },
  ]);
  client = await start(storage, settings);
});
after(async () => {
  if (client) assert.equal(await client.close(), 0);
  await fake?.close();
  fs.rmSync(storage, { recursive: true, force: true });
});

test('after generateAt, a code lens above the region names the evidence and the hover explains it', async () => {
  assert.deepEqual(client.init.capabilities.codeLensProvider, { resolveProvider: false });
  assert.equal(client.init.capabilities.hoverProvider, true);
  await client.open(uri, text);
  const placed = client.nextRefresh();
  const result = await client.conn.sendRequest(ExecuteCommandRequest.type,
    { command: ServerCommands.generateAt, arguments: [{ uri, version: 1, position: { line: 3, character: 4 } }] }) as GenerateAtResult;
  assert.equal(result.applied, true, JSON.stringify(result));
  // Like an editor: the applied edit comes back as a didChange.
  const applied = client.edits[0];
  text = applyEdits(text, applied.edits);
  await client.change(uri, applied.version + 1, applied.edits.map((e) => ({ range: e.range, text: e.newText })));
  await placed;

  const lenses = await client.lenses(uri);
  const regionLine = text.split('\n').findIndex((l) => l.includes('return w * h;'));
  assert.ok(regionLine > 0);
  assert.equal(lenses.length >= 3, true, JSON.stringify(lenses));
  for (const l of lenses) assert.equal(l.range.start.line, regionLine);
  const title = lenses[0].command!.title;
  assert.match(title, /by (alpha|beta)/);
  assert.match(title, /^Quality \d+ · 2 of 2 models agree/, title);
  assert.deepEqual(lenses.map((l) => l.command!.title).slice(1), ['Show evidence', 'Regenerate']);
  assert.equal(lenses[1].command!.command, EvidenceCommands.showEvidence);
  assert.equal(lenses.at(-1)!.command!.command, ServerCommands.generateAt);

  const [region] = await client.conn.sendRequest(RegionsRequest, { uri });
  assert.equal(region.originalText, 'return w * h;');
  const hover = await client.hover(uri, regionLine, 6);
  const md = (hover!.contents as MarkupContent).value;
  assert.match(md.split('\n')[0], /^\*\*(\d+ of \d+ models agree|from \d+ models?)\b/, 'plain words first');
  assert.match(md, /by alpha \(model-a\)/);
  assert.doesNotMatch(md, /clusterShare|providerShare|docTotal|trackRecord|\|---/, 'no internal names or tables');
  if (region.summary.traceId) assert.match(md, new RegExp(`\\[Details\\]\\(command:weavergen\\.showEvidence\\?[^)]*${region.summary.traceId}`));
  assert.equal(await client.hover(uri, 0, 3), null, 'no hover outside generated code');
});

test('an edit before the region moves the lens; a heavy edit inside marks it stale', async () => {
  const lineOf = () => text.split('\n').findIndex((l) => l.includes('w * h'));
  const before = lineOf();
  await client.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// one\n// two\n' }]);
  text = '// one\n// two\n' + text;
  const lenses = await client.lenses(uri);
  assert.equal(lenses[0].range.start.line, before + 2);
  assert.doesNotMatch(lenses[0].command!.title, /stale/);
  // Rewriting most of it (not all: replacing the whole region deletes it) makes it stale.
  const line = lineOf();
  const col = text.split('\n')[line].indexOf('w * h');
  const heavy = 'Math.max(w, h) * 2 + 1';
  await client.change(uri, 4, [{ range: { start: { line, character: col }, end: { line, character: col + 'w * h'.length } }, text: heavy }]);
  text = text.replace('w * h', heavy);
  const after = await client.lenses(uri);
  assert.match(after[0].command!.title, / · stale$/);
});

test('a restarted server with the same storagePath still shows the lens (re-validated on open)', async () => {
  assert.equal(await client.close(), 0);
  client = await start(storage, settings);
  await client.open(uri, text, 1);
  const lenses = await client.lenses(uri);
  assert.equal(lenses[0]?.range.start.line, text.split('\n').findIndex((l) => l.includes(' * 2 + 1')), JSON.stringify(lenses));
  assert.match(lenses[0].command!.title, /2 of 2 models agree.* · stale$/);
});

test('a region the client applied itself (RegionAppliedNotification) gets lens and hover with its trace id', async () => {
  const u = 'file:///work/evidence/client.ts';
  const body = 'export function twice(x: number): number {\n  return x * 2;\n}\n';
  const edit = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: body };
  await client.open(u, '// weaver: twice\n');
  const placed = client.nextRefresh();
  const result: RegionSource = {
    provider: { id: 'alpha', kind: 'openai-compatible', model: 'model-a', recorded: true, status: 'ok', latencyMs: 12 },
    providers: [{ id: 'alpha', kind: 'openai-compatible', model: 'model-a', recorded: true, status: 'ok', latencyMs: 12 }],
    recorded: true, timings: { totalMs: 20, contextMs: 2, generationMs: 15 }, traceId: 'ab'.repeat(16),
    quality: { score: 77, components: { parses: 1 } },
  };
  await client.conn.sendNotification(RegionAppliedNotification, { uri: u, version: 2, edits: [edit], result });
  await client.change(u, 2, [{ range: edit.range, text: body }]);
  await placed;
  const lenses = await client.lenses(u);
  assert.equal(lenses[0].command!.title, 'Quality 77 · by alpha · recorded demo');
  assert.deepEqual(lenses[0].command!.arguments![0].traceId, 'ab'.repeat(16));
  const md = ((await client.hover(u, 1, 4))!.contents as MarkupContent).value;
  assert.match(md, new RegExp(`command:weavergen\\.showTrace\\?[^)]*${'ab'.repeat(16)}`));
  assert.match(md, /command:weavergen\.showEvidence\?/);
});

test('Regenerate on an inserted function replaces it (the site no longer exists once the code does)', async () => {
  const u = 'file:///work/evidence/regen.ts';
  let src = 'export function bump(x: number): number {\n  return helper(x);\n}\n';
  fake.setReply('```ts\nfunction helper(x: number): number {\n  return x + 1;\n}\n```');
  await client.open(u, src);
  let placed = client.nextRefresh();
  const first = await client.conn.sendRequest(ExecuteCommandRequest.type,
    { command: ServerCommands.generateAt, arguments: [{ uri: u, version: 1, position: { line: 1, character: 10 } }] }) as GenerateAtResult;
  assert.equal(first.applied, true, JSON.stringify(first));
  let applied = client.edits.at(-1)!;
  src = applyEdits(src, applied.edits);
  await client.change(u, applied.version + 1, applied.edits.map((e) => ({ range: e.range, text: e.newText })));
  await placed;
  assert.match(src, /return x \+ 1;/);

  const regen = (await client.lenses(u)).find((l) => l.command!.title === 'Regenerate')!;
  assert.ok(regen, 'a Regenerate lens on the inserted function');
  fake.setReply('```ts\nfunction helper(x: number): number {\n  return x + 2;\n}\n```');
  placed = client.nextRefresh();
  const again = await client.conn.sendRequest(ExecuteCommandRequest.type, { command: regen.command!.command, arguments: regen.command!.arguments }) as GenerateAtResult;
  assert.equal(again.applied, true, JSON.stringify(again));
  applied = client.edits.at(-1)!;
  assert.equal(applied.version, 2, 'the edit is for the current version');
  src = applyEdits(src, applied.edits);
  await client.change(u, applied.version + 1, applied.edits.map((e) => ({ range: e.range, text: e.newText })));
  await placed;
  assert.equal(src.match(/function helper/g)?.length, 1, src);
  assert.match(src, /return x \+ 2;/);
  assert.doesNotMatch(src, /return x \+ 1;/);
  assert.match(src, /^export function bump\(x: number\): number \{\n {2}return helper\(x\);\n\}\n/, 'the caller is untouched');
  fake.setReply(ANSWER);
});
