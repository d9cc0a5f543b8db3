/** Several providers (fan-out with a short provider deadline), re-anchoring inside generateAt, and work-done progress. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionRequest, ExecuteCommandRequest, ResponseError, type TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest, ServerCommands, type GenerateAtResult, type WeaverErrorData } from '../../server/src/protocol';
import { settingsFor, startClient, type TestClient } from './harness';
import { startGate } from './gate';

const SOURCE = 'export function area(w: number, h: number): number {\n  throw new Error("not implemented");\n}\n';
const ANSWER = '```ts\nreturn w * h;\n```';
let fake: FakeModelServer;
let gate: Awaited<ReturnType<typeof startGate>>;
let client: TestClient;
let n = 0;

before(async () => {
  fake = await startFakeModelServer();
  fake.setReply(ANSWER);
  gate = await startGate(fake.url);
  client = await startClient({
    settings: settingsFor([
      { id: 'flaky', baseURL: fake.openaiBaseURL, model: 'flaky-model' },
      { id: 'steady', baseURL: gate.baseURL, model: 'steady-model' },
    ], { orchestra: { providerDeadlineMs: 1500 } }),
    capabilities: { window: { workDoneProgress: true } },
  });
});
after(async () => {
  if (client) assert.equal(await client.close(), 0);
  await gate?.close();
  await fake?.close();
});

function open(text = SOURCE): string {
  const uri = `file:///work/multi${++n}.ts`;
  client.open(uri, text);
  return uri;
}
/** A round trip: every notification sent before it has been handled by the server. */
const roundTrip = (uri: string) => client.conn.sendRequest(CodeActionRequest.type,
  { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
const flakyRequests = () => fake.requests.filter((r) => r.model === 'flaky-model').length;

test('one provider fails, the other answers: result from the other, failure listed', async () => {
  gate.hold();
  const uri = open();
  fake.addFault({ model: 'flaky-model', status: 401 });
  const before = flakyRequests();
  const pending = client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: { line: 1, character: 4 } });
  await fake.waitForRequests(fake.requests.filter((r) => r.api === 'openai').length + 1);
  assert.equal(flakyRequests(), before + 1);
  gate.release();
  const r = await pending;
  assert.equal(r.provider.id, 'steady');
  assert.equal(r.code, '\n  return w * h;\n');
  assert.equal(r.site.kind, 'stub-body');
  const flaky = r.providers.find((p) => p.id === 'flaky')!;
  assert.equal(flaky.status, 'error');
  assert.equal(flaky.error?.code, 'auth');
  assert.match(flaky.error!.message, /flaky/);
  assert.deepEqual(r.providers.map((p) => p.id), ['flaky', 'steady']);
});

test('a slow provider never holds the others back: aborted at its deadline, listed as missing', async () => {
  gate.hold();
  const uri = open();
  const pending = client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: { line: 1, character: 4 } });
  const r = await pending; // flaky answers directly; steady is held at the gate until its deadline
  assert.equal(r.provider.id, 'flaky');
  const steady = r.providers.find((p) => p.id === 'steady')!;
  assert.equal(steady.status, 'error');
  assert.equal(steady.error?.code, 'timeout');
  assert.deepEqual(r.missing?.map((m) => m.providerId), ['steady']);
  assert.match(r.missing![0].reason, /deadline of 1500 ms/);
  await gate.waitForAbandoned(1); // the server closed steady's HTTP request
  gate.release();
});

test('every provider fails: all_failed with one failure per provider, each named', async () => {
  gate.release();
  const uri = open();
  fake.addFault({ model: 'flaky-model', status: 401 });
  fake.addFault({ model: 'steady-model', status: 500 });
  await assert.rejects(client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: { line: 1, character: 4 } }),
    (e: ResponseError<WeaverErrorData>) => {
      assert.equal(e.data?.code, 'all_failed');
      assert.deepEqual(e.data?.failures?.map((f) => [f.providerId, f.code]), [['flaky', 'auth'], ['steady', 'bad_response']]);
      assert.match(e.message, /^All 2 providers failed — .*flaky.*; .*steady/);
      return true;
    });
});

test('generateAt after the document moved on: re-anchored and applied for the new version, with progress', async () => {
  gate.hold();
  const uri = open();
  fake.addFault({ model: 'flaky-model', hang: true });
  const held = fake.requests.length;
  const pending = client.conn.sendRequest(ExecuteCommandRequest.type, {
    command: ServerCommands.generateAt, arguments: [{ uri, version: 1, position: { line: 1, character: 4 } }],
  }) as Promise<GenerateAtResult>;
  await fake.waitForRequests(fake.requests.filter((r) => r.api === 'openai').length + 1);
  assert.ok(fake.requests.length > held);
  client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// moved\n' }]);
  await roundTrip(uri);
  gate.release();
  assert.deepEqual(await pending, { applied: true, providerId: 'steady', recorded: false });
  const edit = client.applied[client.applied.length - 1].edit.documentChanges![0] as TextDocumentEdit;
  assert.deepEqual(edit.textDocument, { uri, version: 2 });
  assert.deepEqual(edit.edits[0].range, { start: { line: 1, character: 52 }, end: { line: 3, character: 0 } });
  const begin = client.progress.find((p) => p.kind === 'begin');
  assert.ok(begin && begin.kind === 'begin');
  assert.equal(begin.message, 'WeaverGen: generating with flaky, steady…');
  await new Promise<void>((resolve) => (client.progress.some((p) => p.kind === 'end') ? resolve() : client.events.once('progress', () => resolve())));
});

test('generateAt when the body itself changed: refused with a warning, nothing applied', async () => {
  gate.hold();
  const uri = open();
  fake.addFault({ model: 'flaky-model', hang: true });
  const appliedBefore = client.applied.length;
  const pending = client.conn.sendRequest(ExecuteCommandRequest.type, {
    command: ServerCommands.generateAt, arguments: [{ uri, version: 1, position: { line: 1, character: 4 } }],
  }) as Promise<GenerateAtResult>;
  await fake.waitForRequests(fake.requests.filter((r) => r.api === 'openai').length + 1);
  client.change(uri, 2, [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 37 } }, text: 'return 0;' }]);
  await roundTrip(uri);
  gate.release();
  const result = await pending;
  assert.equal(result.applied, false);
  assert.equal(result.reason, 'The function body changed since generation started; run Generate again.');
  const warning = await client.waitFor<{ type: number; message: string }>('message', (m) => m.type === 2);
  assert.match(warning.message, /function body changed/);
  assert.equal(client.applied.length, appliedBefore);
});
