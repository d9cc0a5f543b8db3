/**
 * Predictive pre-generation over the real protocol: a background job fills the snippet
 * cache from the fake model server; `weavergen/generate` answers from it for the current
 * version; edits elsewhere keep the hit, a signature edit misses; a user request aborts a
 * running background HTTP request; paid providers get no background work by default;
 * inline completions are served from the cache only above the quality threshold.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DidChangeConfigurationNotification } from 'vscode-languageserver-protocol/node';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest, InlineCompletionRequest, PregenMetricsRequest, SecretsNotification } from '../../server/src/protocol';
import { settingsFor, type TestClient } from './harness';
import { startPregenClient, waitMetrics } from './pregenClient';

const SOURCE = [
  '/** Adds two numbers. add(1, 2) // => 3 */',
  'export function add(a: number, b: number): number {',
  '}',
  '',
].join('\n');
const IN_BODY = { line: 1, character: 52 };

let fake: FakeModelServer;
const clients: TestClient[] = [];
let n = 0;

before(async () => {
  fake = await startFakeModelServer();
  fake.setReply('```ts\nreturn a + b;\n```');
});
after(async () => {
  for (const c of clients) assert.equal(await c.close(), 0);
  await fake?.close();
});

const client = (settings: Record<string, unknown>, env?: Record<string, string>) => startPregenClient(settings, clients, env ? { env } : {});

const local = () => settingsFor([{ id: 'local', baseURL: fake.openaiBaseURL }]);

test('a background job fills the cache; generate answers from it for the current version; edits elsewhere keep the hit, a signature edit misses; inline honours the threshold', async () => {
  const c = await client(local());
  const uri = `file:///work/pregen${++n}.ts`;
  const before = fake.requests.filter((r) => r.api === 'openai').length;
  c.open(uri, SOURCE);
  const m = await waitMetrics(c, (x) => x.cacheEntries >= 1 && x.running === 0 && x.queued === 0);
  assert.ok(m.tokensSpent > 0, JSON.stringify(m));
  assert.equal(fake.requests.filter((r) => r.api === 'openai').length - before, 1);
  assert.deepEqual(m.backgroundThread, { mode: 'worker' }, 'the job ran in the background worker thread');

  const hit = await c.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 1 }, position: IN_BODY });
  assert.equal(hit.fromCache, true);
  assert.equal(hit.edit.textDocument.version, 1);
  assert.match(hit.code, /return a \+ b;/);
  assert.ok(hit.quality, 'the original evidence is kept');

  // An edit elsewhere (a line above the function): still a hit, edit rebuilt for version 2 and the moved range.
  c.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'const unrelated = 1;\n' }]);
  const moved = await c.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 2 }, position: { line: 2, character: 52 } });
  assert.equal(moved.fromCache, true);
  assert.equal(moved.edit.textDocument.version, 2);
  assert.equal(moved.edit.edits[0].range.start.line, 2);
  assert.equal(moved.code, hit.code);

  // Inline completion: only from the cache, only at or above the quality threshold.
  const q = Math.round(hit.quality!.score);
  const inlineAt = () => c.conn.sendRequest(InlineCompletionRequest, { textDocument: { uri, version: 2 }, position: { line: 2, character: 52 } });
  const setMin = async (min: number) => {
    const seen = c.statuses.length;
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { weavergen: { ...local(), pregeneration: { inlineMinQuality: min } } } });
    await c.waitFor('status', (s: { state: string }) => c.statuses.indexOf(s as never) >= seen && s.state === 'ready');
  };
  await setMin(Math.min(100, q + 1));
  if (q < 100) assert.deepEqual((await inlineAt()).items, []);
  await setMin(Math.max(0, q - 1));
  const items = (await inlineAt()).items;
  assert.equal(items.length, 1);
  assert.equal(items[0].insertText, hit.code);
  assert.equal(items[0].fromCache, true);
  assert.equal(items[0].version, 2);
  // Stale version: nothing.
  assert.deepEqual((await c.conn.sendRequest(InlineCompletionRequest, { textDocument: { uri, version: 1 }, position: IN_BODY })).items, []);

  // A signature edit changes the site's local context: a miss, generated now (not from the cache).
  c.change(uri, 3, [{ range: { start: { line: 2, character: 36 }, end: { line: 2, character: 37 } }, text: 'c' }]);
  const miss = await c.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 3 }, position: { line: 2, character: 52 } });
  assert.notEqual(miss.fromCache, true);
  assert.equal(miss.edit.textDocument.version, 3);

  const metrics = await c.conn.sendRequest(PregenMetricsRequest, undefined);
  assert.equal(metrics.hits, 2);
  assert.ok(metrics.misses >= 1);
  assert.ok(metrics.missLatencyMs.count >= 1 && metrics.hitLatencyMs.count === 2);
});

test('a user request pre-empts a running background job: its HTTP request is aborted', async () => {
  const c = await client(local());
  const uri = `file:///work/pregen${++n}.ts`;
  const abortedBefore = fake.aborted;
  const seen = fake.requests.length;
  fake.addFault({ hang: true });
  c.open(uri, SOURCE);
  await fake.waitForRequests(fake.requests.filter((r) => r.api === 'openai').length + 1);
  await waitMetrics(c, (m) => m.running === 1);
  const r = await c.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 1 }, position: IN_BODY });
  await fake.waitForAborted(abortedBefore + 1);
  assert.ok(fake.requests.slice(seen).some((x) => x.aborted), 'the background request was aborted');
  assert.notEqual(r.fromCache, true);
  assert.match(r.code, /return a \+ b;/);
});

test('paid providers get no background work by default', async () => {
  const c = await client({
    providers: [{ id: 'paid', kind: 'openai', model: 'gpt-paid', baseURL: fake.openaiBaseURL }],
    detectLocalServers: false, replayDemo: 'never', maxRetries: 0,
  });
  await c.conn.sendNotification(SecretsNotification, { keys: { openai: 'sk-test-not-a-real-key' } });
  const uri = `file:///work/pregen${++n}.ts`;
  const seen = fake.requests.length;
  c.open(uri, SOURCE);
  const m = await waitMetrics(c, (x) => x.jobs.skipped >= 1);
  assert.match(m.lastSkip ?? '', /^paid-provider/);
  assert.equal(fake.requests.slice(seen).filter((r) => r.model === 'gpt-paid').length, 0);
  assert.equal(m.cacheEntries, 0);
});

test('WEAVERGEN_BACKGROUND_WORKER=0: background jobs run in-process, the metrics say so and why, and the cache still fills', async () => {
  const c = await client(local(), { WEAVERGEN_BACKGROUND_WORKER: '0' });
  const uri = `file:///work/pregen${++n}.ts`;
  c.open(uri, SOURCE);
  const m = await waitMetrics(c, (x) => x.cacheEntries >= 1 && x.running === 0 && x.queued === 0);
  assert.deepEqual(m.backgroundThread, { mode: 'in-process', reason: 'WEAVERGEN_BACKGROUND_WORKER=0' });
  const hit = await c.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 1 }, position: IN_BODY });
  assert.equal(hit.fromCache, true);
});
