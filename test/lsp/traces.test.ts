/**
 * Trace evidence over the real protocol: a generation returns a trace id, `weavergen/trace`
 * returns its spans (provider spans with gen_ai.* attributes), `weavergen/traces` lists it,
 * and a new server process with the same storagePath still has it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest, TraceRequest, TracesRequest } from '../../server/src/protocol';
import { settingsFor, startClient, type TestClient } from './harness';

const SOURCE = 'export function area(w: number, h: number): number {\n  throw new Error("not implemented");\n}\n';
const MARKER = 'AREA_BODY_MARKER';
const ANSWER = `\`\`\`ts\nreturn w * h; // ${MARKER}\n\`\`\``;

let fake: FakeModelServer;
let storage: string;
let settings: unknown;

before(async () => {
  fake = await startFakeModelServer();
  fake.setReply(ANSWER);
  storage = fs.mkdtempSync(path.join(os.tmpdir(), 'weavergen-lsp-traces-'));
  settings = settingsFor([
    { id: 'alpha', baseURL: fake.openaiBaseURL, model: 'alpha-coder' },
    { id: 'beta', baseURL: fake.openaiBaseURL, model: 'beta-coder' },
  ], { execution: { enabled: false } });
});
after(async () => {
  await fake?.close();
});

test('generation trace: fetched by id, listed, and still there after a server restart', async () => {
  const first = await startClient({ settings: settings, storagePath: storage });
  const uri = 'file:///work/traced.ts';
  await first.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
  const result = await first.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: { line: 1, character: 4 } });
  assert.match(result.traceId ?? '', /^[0-9a-f]{32}$/);
  const traceId = result.traceId!;

  const trace = await first.conn.sendRequest(TraceRequest, { traceId });
  assert.ok(trace, 'the trace is found');
  assert.equal(trace.traceId, traceId);
  const root = trace.spans.find((s) => s.name === 'weavergen.generate')!;
  assert.ok(root, 'root span');
  assert.equal(root.parentSpanId, undefined);
  assert.equal(root.status.code, 'ok');
  assert.equal(root.attributes['weavergen.file.uri'], uri);
  assert.equal(root.attributes['weavergen.provider.id'], result.provider.id);
  const chats = trace.spans.filter((s) => s.name.startsWith('chat '));
  assert.ok(chats.length >= 1);
  for (const chat of chats) {
    assert.equal(chat.traceId, traceId);
    assert.equal(chat.parentSpanId, root.spanId);
    assert.equal(chat.kind, 'client');
    assert.equal(chat.attributes['gen_ai.operation.name'], 'chat');
    assert.equal(chat.attributes['gen_ai.provider.name'], 'openai_compatible');
    assert.equal(chat.name, `chat ${chat.attributes['gen_ai.request.model']}`);
  }
  const winner = chats.find((c) => c.attributes['weavergen.provider.id'] === result.provider.id)!;
  assert.equal(winner.status.code, 'ok');
  assert.equal(winner.attributes['gen_ai.request.model'], result.provider.model);
  assert.equal(typeof winner.attributes['gen_ai.usage.input_tokens'], 'number');
  assert.equal(typeof winner.attributes['gen_ai.usage.output_tokens'], 'number');
  assert.deepEqual(winner.attributes['gen_ai.response.finish_reasons'], ['stop']);
  assert.equal(typeof winner.attributes['weavergen.time_to_first_token_ms'], 'number');
  assert.ok(!JSON.stringify(trace.spans).includes(MARKER), 'no generated code in spans by default');
  assert.match(trace.text, new RegExp(`^trace ${traceId}  \\S+  \\d+ spans\\nweavergen\\.generate  [\\d.]+ ms  OK  `));
  if (process.env.WEAVER_TEST_DEBUG) console.log(trace.text);
  assert.match(trace.text, /\n {2}chat \S+ {2}[\d.]+ ms {2}(OK|CANCELLED) {2}/);
  const evaluation = root.events.find((e) => e.name === 'gen_ai.evaluation.result');
  assert.ok(evaluation, 'the quality score as a gen_ai.evaluation.result event on the root');
  assert.equal(evaluation.attributes?.['gen_ai.evaluation.score.value'], root.attributes['weavergen.quality.score']);
  assert.equal(evaluation.attributes?.['gen_ai.request.model'], result.provider.model);

  const list = await first.conn.sendRequest(TracesRequest, { uri });
  assert.equal(list[0]?.traceId, traceId);
  assert.equal(list[0].name, 'weavergen.generate');
  assert.equal(list[0].status, 'ok');
  assert.equal(await first.conn.sendRequest(TraceRequest, { traceId: '0'.repeat(31) + '1' }), null);
  assert.equal(await first.close(), 0);

  const second = await startClient({ settings: settings, storagePath: storage });
  try {
    const again = await second.conn.sendRequest(TraceRequest, { traceId });
    assert.ok(again, 'the trace survives a restart');
    assert.deepEqual(again.spans.filter((s) => s.name === 'weavergen.generate').map((s) => s.spanId), [root.spanId]);
    assert.ok(again.spans.filter((s) => s.name.startsWith('chat ')).length >= 1);
    const listed = await second.conn.sendRequest(TracesRequest, undefined);
    assert.ok(listed.some((t) => t.traceId === traceId && t.uri === uri));
  } finally {
    assert.equal(await second.close(), 0);
  }
});
