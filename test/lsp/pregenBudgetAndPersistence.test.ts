/**
 * Pre-generation over the real protocol, part two: with several background providers each
 * is charged on its own budget what it spent; with `persistCache` the snippet cache is
 * saved on shutdown and a new server process answers from it without any model call.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest, PregenMetricsRequest } from '../../server/src/protocol';
import { settingsFor, type TestClient } from './harness';
import { startPregenClient, waitMetrics } from './pregenClient';

const SOURCE = [
  '/** Multiplies two numbers. times(2, 3) // => 6 */',
  'export function times(a: number, b: number): number {',
  '}',
  '',
].join('\n');
const IN_BODY = { line: 1, character: 54 };

let fake: FakeModelServer;
let dir: string;
const clients: TestClient[] = [];

before(async () => {
  fake = await startFakeModelServer();
  fake.setReply('```ts\nreturn a * b;\n```');
  dir = await mkdtemp(path.join(tmpdir(), 'wg-pregen-persist-'));
});
after(async () => {
  for (const c of clients.splice(0)) assert.equal(await c.close(), 0);
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

const openaiCalls = () => fake.requests.filter((r) => r.api === 'openai').length;

test('two background providers: each one is charged on its own budget what it spent', async () => {
  const c = await startPregenClient(settingsFor([
    { id: 'first', baseURL: fake.openaiBaseURL, model: 'coder-a' },
    { id: 'second', baseURL: fake.openaiBaseURL, model: 'coder-b' },
  ]), clients);
  const seen = fake.requests.length;
  c.open('file:///work/budget.ts', SOURCE);
  const m = await waitMetrics(c, (x) => x.cacheEntries >= 1 && x.running === 0 && x.queued === 0);
  const models = fake.requests.slice(seen).filter((r) => r.api === 'openai').map((r) => r.model).sort();
  assert.deepEqual(models, ['coder-a', 'coder-b'], 'the job fanned out to both providers');
  const used = Object.fromEntries(m.budget.map((b) => [b.providerId, b.used]));
  assert.ok(used.first > 0 && used.second > 0, `both providers charged: ${JSON.stringify(m.budget)}`);
  assert.equal(used.first + used.second, m.tokensSpent, 'each charged what it spent, nothing twice');
});

test('persistCache: the cache is saved on shutdown and a new server answers from it without a model call', async () => {
  const settings = settingsFor([{ id: 'local', baseURL: fake.openaiBaseURL }], { pregeneration: { persistCache: true } });
  const uri = 'file:///work/persisted.ts';
  const first = await startPregenClient(settings, clients, { storagePath: dir });
  first.open(uri, SOURCE);
  await waitMetrics(first, (x) => x.cacheEntries >= 1 && x.running === 0 && x.queued === 0);
  clients.splice(clients.indexOf(first), 1);
  assert.equal(await first.close(), 0);
  const saved = JSON.parse(await readFile(path.join(dir, 'pregen-cache.json'), 'utf8')) as { entries: unknown[] };
  assert.equal(saved.entries.length, 1, 'the shutdown waited for the save');

  const before = openaiCalls();
  const second = await startPregenClient(settings, clients, { storagePath: dir });
  second.open(uri, SOURCE);
  const hit = await second.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 1 }, position: IN_BODY });
  assert.equal(hit.fromCache, true, 'served from the restored cache');
  assert.match(hit.code, /return a \* b;/);
  assert.equal(hit.edit.textDocument.version, 1);
  assert.equal((await second.conn.sendRequest(PregenMetricsRequest, undefined)).hits, 1);
  assert.equal(openaiCalls(), before, 'no model call: not for the request, and no background job for a cached site');
});

test('persistCache off (the default): nothing is written', async () => {
  const own = await mkdtemp(path.join(tmpdir(), 'wg-pregen-nopersist-'));
  try {
    const c = await startPregenClient(settingsFor([{ id: 'local', baseURL: fake.openaiBaseURL }]), clients, { storagePath: own });
    c.open('file:///work/notpersisted.ts', SOURCE);
    await waitMetrics(c, (x) => x.cacheEntries >= 1 && x.running === 0 && x.queued === 0);
    clients.splice(clients.indexOf(c), 1);
    assert.equal(await c.close(), 0);
    await assert.rejects(readFile(path.join(own, 'pregen-cache.json')), { code: 'ENOENT' });
  } finally {
    await rm(own, { recursive: true, force: true });
  }
});
