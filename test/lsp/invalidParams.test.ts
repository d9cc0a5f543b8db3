/**
 * Every custom request with wrongly typed or missing params, over the real stdio server:
 * answered with -32602 (InvalidParams) and a message naming the field, never an internal
 * error, and the server keeps answering afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, ExecuteCommandRequest, ResponseError, type RequestType } from 'vscode-languageserver-protocol/node';
import {
  CursorNotification, GenerateRequest, InlineCompletionRequest, LearningRequest, ListProvidersRequest, ReanchorRequest, RegionsRequest,
  ServerCommands, TestGenCommands, TraceRequest, TracesRequest, type GenerateAtResult, type GenerateTestsResult,
} from '../../server/src/protocol';
import { startClient, type TestClient } from './harness';

let client: TestClient;
const URI = 'file:///work/params.ts';

before(async () => {
  client = await startClient({ settings: { providers: [], detectLocalServers: false, replayDemo: 'never' } });
  client.open(URI, 'export function f(a: number): number {}\n');
});
after(async () => {
  if (client) assert.equal(await client.close(), 0);
});

/** Sends `params` and expects -32602 whose message matches `field`. */
async function rejects(type: RequestType<never, unknown, unknown>, params: unknown, field: RegExp): Promise<void> {
  let answer: unknown;
  try {
    answer = await client.conn.sendRequest(type, params as never);
  } catch (e) {
    assert.ok(e instanceof ResponseError, `a ResponseError, got ${String(e)}`);
    assert.equal(e.code, ErrorCodes.InvalidParams, `-32602 for ${JSON.stringify(params)}, got ${e.code} ${e.message}`);
    assert.match(e.message, field);
    assert.doesNotMatch(e.message, /internal error|Cannot read properties/i);
    return;
  }
  assert.fail(`${type.method} answered ${JSON.stringify(answer)} for ${JSON.stringify(params)}`);
}

const generate = GenerateRequest as unknown as RequestType<never, unknown, unknown>;

test('weavergen/generate: wrong types and missing fields name the field', async () => {
  await rejects(generate, {}, /^params\.textDocument must be an object$/);
  await rejects(generate, { textDocument: 'file:///x.ts' }, /^params\.textDocument must be an object$/);
  await rejects(generate, { textDocument: { uri: 42 } }, /^params\.textDocument\.uri must be a non-empty string/);
  await rejects(generate, { textDocument: { uri: URI }, position: { line: -1, character: 0 } }, /^params\.position\.line must be a non-negative integer$/);
  await rejects(generate, { textDocument: { uri: URI }, position: { line: '3', character: 0 } }, /^params\.position\.line must be a non-negative integer$/);
  await rejects(generate, { textDocument: { uri: URI }, position: { line: 0, character: 1.5 } }, /^params\.position\.character must be a non-negative integer$/);
  await rejects(generate, { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 } } }, /^params\.range\.end must be an object$/);
  await rejects(generate, { textDocument: { uri: URI, version: 'one' }, position: { line: 0, character: 0 } }, /^params\.textDocument\.version must be a non-negative integer$/);
  await rejects(generate, { textDocument: { uri: URI }, position: { line: 0, character: 0 }, intent: 7 }, /^params\.intent must be a string/);
  await rejects(generate, { textDocument: { uri: URI }, position: { line: 0, character: 0 }, providers: 'local' }, /^params\.providers must be an array/);
  await rejects(generate, { textDocument: { uri: URI }, position: { line: 0, character: 0 }, providers: [1] }, /^params\.providers\[0\] must be a string/);
  await rejects(generate, null, /^params must be an object$/);
});

test('weavergen/reanchor, inlineCompletion, regions, trace, traces, learning: bad params name the field', async () => {
  const as = <P, R, E>(t: RequestType<P, R, E>) => t as unknown as RequestType<never, unknown, unknown>;
  await rejects(as(ReanchorRequest), { textDocument: { uri: URI, version: 1 } }, /^params\.result must be an object$/);
  await rejects(as(ReanchorRequest), { textDocument: { uri: URI, version: 1 }, result: { code: 'x', site: {}, edit: {} } }, /^params\.result\.site\.kind must be one of/);
  await rejects(as(InlineCompletionRequest), { textDocument: { uri: URI }, position: { line: 0, character: 0 } }, /^params\.textDocument\.version must be a non-negative integer$/);
  await rejects(as(InlineCompletionRequest), { textDocument: { uri: URI, version: 1 } }, /^params\.position must be an object$/);
  await rejects(as(RegionsRequest), {}, /^params\.uri must be a non-empty string/);
  await rejects(as(RegionsRequest), { uri: ['a'] }, /^params\.uri must be a non-empty string/);
  await rejects(as(TraceRequest), { traceId: 12 }, /^params\.traceId must be a non-empty string/);
  await rejects(as(TracesRequest), { limit: -5 }, /^params\.limit must be an integer between 1 and 10000$/);
  await rejects(as(TracesRequest), { uri: 3 }, /^params\.uri must be a non-empty string/);
  await rejects(as(LearningRequest), { bucketSize: 'ten' }, /^params\.bucketSize must be an integer between 1 and 1000000$/);
  await rejects(as(LearningRequest), { bucketSize: 1e308 }, /^params\.bucketSize must be an integer/);
});

test('a malformed weavergen/cursor notification is dropped; the server keeps answering', async () => {
  void client.conn.sendNotification(CursorNotification, { textDocument: null, position: 'x' } as never);
  void client.conn.sendNotification(CursorNotification, { textDocument: { uri: URI, version: 1 }, position: { line: -3, character: 0 } });
  assert.deepEqual(await client.conn.sendRequest(RegionsRequest, { uri: URI }), []);
});

test('well-formed requests are still answered after the refusals', async () => {
  assert.deepEqual(await client.conn.sendRequest(TracesRequest, undefined), []);
  assert.deepEqual(await client.conn.sendRequest(TracesRequest, { limit: 3 }), []);
  assert.deepEqual(await client.conn.sendRequest(RegionsRequest, { uri: URI }), []);
  assert.deepEqual(await client.conn.sendRequest(InlineCompletionRequest, { textDocument: { uri: URI, version: 1 }, position: { line: 0, character: 38 } }), { items: [] });
  assert.ok(Array.isArray(await client.conn.sendRequest(ListProvidersRequest, undefined)));
});

test('generateAt with malformed arguments: not applied, invalid_params naming the argument', async () => {
  const r = await client.conn.sendRequest(ExecuteCommandRequest.type,
    { command: ServerCommands.generateAt, arguments: [{ uri: URI, version: 1, position: { line: 'x', character: 0 } }] }) as GenerateAtResult;
  assert.equal(r.applied, false);
  assert.equal(r.code, 'invalid_params');
  assert.match(r.reason ?? '', /arguments\[0\]\.position\.line must be a non-negative integer/);
});

test('generateTests with malformed arguments: invalid_params naming the argument', async () => {
  const r = await client.conn.sendRequest(ExecuteCommandRequest.type,
    { command: TestGenCommands.generateTests, arguments: [{ uri: URI, version: 1 }] }) as GenerateTestsResult;
  assert.equal(r.code, 'invalid_params');
  assert.match(r.reason ?? '', /generateTests: arguments\[0\]\.position must be an object/);
});

test('weavergen/reanchor: the Swap command\'s edit version -1 (locate by text) is valid params, not -32602', async () => {
  const range = { start: { line: 0, character: 39 }, end: { line: 0, character: 39 } };
  const answer = await client.conn.sendRequest(ReanchorRequest, {
    textDocument: { uri: URI, version: 1 },
    result: {
      code: 'return a;',
      site: { kind: 'empty-body', range, intent: 'f', originalText: '' },
      edit: { textDocument: { uri: URI, version: -1 }, edits: [{ range, newText: 'return a;' }] },
    },
  });
  assert.equal(typeof (answer as { ok?: unknown }).ok, 'boolean', JSON.stringify(answer));
});
