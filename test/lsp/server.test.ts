/** The language server over real JSON-RPC (stdio), against the fake model server. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancellationTokenSource, CodeActionRequest, ExecuteCommandRequest, ResponseError, TextDocumentSyncKind,
  type CodeAction, type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import {
  GenerateRequest, ListProvidersRequest, ReanchorRequest, ServerCommands, TestGenCommands,
  type GenerateAtCommandArgs, type GenerateAtResult, type WeaverErrorData,
} from '../../server/src/protocol';
import { applyEdits, settingsFor, startClient, type TestClient } from './harness';
import { docOpener } from './fixtures';

const SUM_ANSWER = 'Here is the implementation:\n```ts\nexport function sum(xs: number[]): number {\n  return xs.reduce((a, b) => a + b, 0);\n}\n```\nIt adds them.';
const SOURCE = [
  'import { readFileSync } from "node:fs";',
  '',
  '/** Adds the numbers. */',
  'export function sum(xs: number[]): number {}',
  '',
  '// weaver: a function that doubles a number',
  '',
  'export const answer = 42;',
  '',
].join('\n');

let fake: FakeModelServer;
let client: TestClient;
const newDoc = docOpener(() => client, 'doc', SOURCE);

before(async () => {
  fake = await startFakeModelServer();
  client = await startClient({ settings: settingsFor([{ id: 'local', baseURL: fake.openaiBaseURL }]) });
});
after(async () => {
  if (client) assert.equal(await client.close(), 0, 'shutdown + exit ends the server with code 0');
  await fake?.close();
});

describe('weavergen language server', () => {
  test('initialize: capabilities and a ready status naming the provider', async () => {
    const caps = client.init.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental });
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['refactor.rewrite'] });
    assert.deepEqual(caps.executeCommandProvider, { commands: [ServerCommands.generateAt, TestGenCommands.generateTests] });
    const ready = await client.waitFor<{ state: string; providers: { id: string }[] }>('status', (s) => s.state === 'ready');
    assert.deepEqual(ready.providers.map((p) => p.id), ['local']);
    const infos = await client.conn.sendRequest(ListProvidersRequest, undefined);
    assert.equal(infos[0].id, 'local');
    assert.equal(infos[0].enabled, true);
  });

  test('code actions on an intent comment and an empty body, none on plain code', async () => {
    const uri = newDoc();
    const actionsAt = (line: number, character: number) => client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line, character }, end: { line, character } }, context: { diagnostics: [] },
    }) as Promise<CodeAction[]>;
    const onComment = await actionsAt(5, 5);
    assert.equal(onComment.length, 1);
    assert.equal(onComment[0].title, 'Generate with WeaverGen');
    assert.equal(onComment[0].kind, 'refactor.rewrite');
    assert.equal(onComment[0].command?.command, ServerCommands.generateAt);
    assert.deepEqual(onComment[0].command?.arguments, [{ uri, version: 1, position: { line: 5, character: 5 } }]);
    const onBody = await actionsAt(3, 20);
    assert.equal(onBody.length, 1);
    assert.equal((onBody[0].data as { site: string }).site, 'empty-body');
    assert.deepEqual(await actionsAt(7, 3), []);
  });

  test('executeCommand generateAt: the server applies a versioned edit and names the provider', async () => {
    fake.setReply(SUM_ANSWER);
    const uri = newDoc();
    const args: GenerateAtCommandArgs = { uri, version: 1, position: { line: 3, character: 20 } };
    const result = await client.conn.sendRequest(ExecuteCommandRequest.type, { command: ServerCommands.generateAt, arguments: [args] }) as GenerateAtResult;
    assert.deepEqual(result, { applied: true, providerId: 'local', recorded: false });
    const applied = client.applied.find((a) => (a.edit.documentChanges?.[0] as TextDocumentEdit).textDocument.uri === uri)!;
    const change = applied.edit.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(applyEdits(SOURCE, change.edits as never),
      SOURCE.replace('number {}', 'number {\n  return xs.reduce((a, b) => a + b, 0);\n}'));
    const info = await client.waitFor<{ message: string }>('message', (m) => m.message.includes('generated sum'));
    assert.match(info.message, /with local \(fake-coder\)/);
    assert.doesNotMatch(info.message, /recorded/);
  });

  test('weavergen/generate: result fields, prompt built from real context', async () => {
    fake.setReply('```ts\nexport function double(n: number): number {\n  return n * 2;\n}\n```');
    const uri = newDoc();
    const before = fake.requests.length;
    const r = await client.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 1 }, position: { line: 5, character: 3 } });
    assert.equal(r.code, 'export function double(n: number): number {\n  return n * 2;\n}\n');
    assert.deepEqual(r.edit, { textDocument: { uri, version: 1 }, edits: [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, newText: r.code }] });
    assert.equal(r.site.kind, 'intent-comment');
    assert.equal(r.site.intent, 'a function that doubles a number');
    assert.equal(r.provider.id, 'local');
    assert.equal(r.provider.status, 'ok');
    assert.equal(r.recorded, false);
    assert.equal(r.providers.length, 1);
    assert.ok(r.provider.outputTokens! > 0 && r.provider.inputTokens! > 0);
    assert.ok(r.timings.totalMs >= r.timings.generationMs);
    const sent = fake.requests.slice(before).find((q) => q.api === 'openai')!;
    const prompt = JSON.stringify(sent.body.messages);
    assert.match(prompt, /import \{ readFileSync \} from \\"node:fs\\"/);
    assert.match(prompt, /Intent: a function that doubles a number/);
    assert.equal(sent.hadAuth === true || sent.hadAuth === false, true);
  });

  test('stale version: reanchor moves the edit when lines were added above, refuses when the body changed', async () => {
    fake.setReply(SUM_ANSWER);
    const uri = newDoc();
    const r = await client.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 1 }, position: { line: 3, character: 20 } });
    client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// header\n' }]);
    const moved = await client.conn.sendRequest(ReanchorRequest, { textDocument: { uri, version: 2 }, result: r });
    assert.ok(moved.ok);
    assert.equal(moved.edit.textDocument.version, 2);
    assert.equal(moved.edit.edits[0].range.start.line, 4);
    client.change(uri, 3, [{ range: { start: { line: 4, character: 42 }, end: { line: 4, character: 43 } }, text: '{ return 1; ' }]);
    const refused = await client.conn.sendRequest(ReanchorRequest, { textDocument: { uri, version: 3 }, result: r });
    assert.deepEqual(refused, { ok: false, reason: 'The function body changed since generation started; run Generate again.' });
  });

  test('a version the server does not have is refused with stale_version', async () => {
    const uri = newDoc();
    await assert.rejects(client.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 7 }, position: { line: 3, character: 20 } }),
      (e: ResponseError<WeaverErrorData>) => e.data?.code === 'stale_version');
  });

  test('no site: a clear no_site error', async () => {
    const uri = newDoc();
    await assert.rejects(client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: { line: 7, character: 2 } }),
      (e: ResponseError<WeaverErrorData>) => e.data?.code === 'no_site' && /Nothing to generate here/.test(e.message));
  });

  test('cancel against a hanging model: cancel error, and the HTTP request was aborted', async () => {
    const uri = newDoc();
    fake.addFault({ hang: true });
    const abortedBefore = fake.aborted;
    const requestsBefore = fake.requests.filter((q) => q.api === 'openai').length;
    const cts = new CancellationTokenSource();
    const pending = client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: { line: 3, character: 20 } }, cts.token);
    await fake.waitForRequests(requestsBefore + 1);
    cts.cancel();
    await assert.rejects(pending, (e: ResponseError<WeaverErrorData>) => e.code === -32800 && e.data?.code === 'cancelled');
    await fake.waitForAborted(abortedBefore + 1);
    assert.equal(fake.aborted, abortedBefore + 1);
  });

  test('provider failure: the error names the provider and never carries a key', async () => {
    const uri = newDoc();
    fake.addFault({ status: 401 });
    await assert.rejects(client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: { line: 3, character: 20 } }),
      (e: ResponseError<WeaverErrorData>) => {
        assert.equal(e.data?.code, 'all_failed');
        assert.equal(e.data?.providerId, 'local');
        assert.deepEqual(e.data?.failures?.map((f) => [f.providerId, f.code]), [['local', 'auth']]);
        assert.match(e.message, /local/);
        return true;
      });
  });

  test('executeCommand failure: an error message naming the provider, nothing applied', async () => {
    const uri = newDoc();
    fake.addFault({ status: 500 });
    const appliedBefore = client.applied.length;
    const result = await client.conn.sendRequest(ExecuteCommandRequest.type, {
      command: ServerCommands.generateAt, arguments: [{ uri, version: 1, position: { line: 3, character: 20 } }],
    }) as GenerateAtResult;
    assert.equal(result.applied, false);
    assert.equal(result.code, 'all_failed');
    const shown = await client.waitFor<{ type: number; message: string }>('message', (m) => m.type === 1 && m.message.includes('local'));
    assert.match(shown.message, /^WeaverGen: Generation failed — .*local \(fake-coder\).*HTTP 500/);
    assert.equal(client.applied.length, appliedBefore);
  });
});
