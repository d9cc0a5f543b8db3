/** Validated results shared between two in-process engines through a real redis-server. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startRedis, type RedisServer } from '../../support/redisServer';
import { Engine, connectedStore, localKey } from './helpers';

let redis: RedisServer;
before(async () => { redis = await startRedis(); });
after(async () => { await redis?.stop(); });

test("teammate A's validated result is served to teammate B's engine without a model call", async () => {
  const a = new Engine(await connectedStore(redis.url), { namespace: 'teamA' });
  const b = new Engine(await connectedStore(redis.url), { namespace: 'teamA' });
  // Same code, different checkouts: the paths differ, the local context hash is the same.
  const keyA = localKey('file:///home/alice/repo/src/strings.ts', 'ctx-reverse');
  const keyB = localKey('file:///Users/bob/work/repo/src/strings.ts', 'ctx-reverse');
  const first = await a.serve(keyA, 'return s.split("").reverse().join("");');
  assert.equal(first.source, 'model');
  await a.team.flush();
  const served = await b.serve(keyB, 'never generated');
  assert.equal(served.source, 'team');
  assert.equal(b.modelCalls, 0);
  assert.equal(served.result.code, 'return s.split("").reverse().join("");');
  assert.equal(served.result.quality?.score, 90);
  // Now in B's local cache: the next request is a local hit.
  assert.equal((await b.serve(keyB, 'x')).source, 'local');
  // A different provider set (fingerprint) is a different key: a miss, generated.
  assert.equal((await b.serve(localKey('file:///x.ts', 'ctx-reverse', 'empty-body', 'fp02'), 'y')).source, 'model');
  await a.team.dispose();
  await b.team.dispose();
});

test("a teammate's new result reaches an engine's local cache by pub/sub (no lookup)", async () => {
  let adopted!: (k: string) => void;
  const landed = new Promise<string>((r) => { adopted = r; });
  const a = new Engine(await connectedStore(redis.url), { namespace: 'teamA' });
  const b = new Engine(await connectedStore(redis.url), { namespace: 'teamA', results: { onAdopt: (k) => adopted(k) } });
  const keyB = localKey('file:///Users/bob/repo/src/dates.ts', 'ctx-format');
  b.team.noteLocalKey(keyB); // B's prediction computed this key; nothing cached yet
  // Wait until B's subscription is live: a probe result from A reaches B's mirror.
  for (let i = 0; b.team.status().receivedResults === 0; i++) {
    a.team.share(localKey('file:///a/probe.ts', `probe-${i}`), (await import('./helpers')).result('probe'), 1);
    await a.team.flush();
    await new Promise((r) => setImmediate(r));
    if (i > 2000) assert.fail('subscription never became live');
  }
  await a.serve(localKey('file:///home/alice/repo/src/dates.ts', 'ctx-format'), 'return d.toISOString();');
  await a.team.flush();
  assert.equal(await landed, keyB);
  assert.equal(b.cache.has(keyB), true);
  assert.equal((await b.serve(keyB, 'unused')).source, 'local');
  assert.equal(b.modelCalls, 0);
  await a.team.dispose();
  await b.team.dispose();
});

test('with shareCode off nothing but counts is written, and lookups never find results', async () => {
  const a = new Engine(await connectedStore(redis.url), { namespace: 'teamC', shareCode: false });
  await a.serve(localKey('file:///a.ts', 'ctx-1'), 'return 1;');
  await a.team.flush();
  assert.equal(a.team.status().shareCode, false);
  const probe = await connectedStore(redis.url);
  assert.equal(await probe.get(a.team.keys.result('empty-body', 'ctx-1', 'fp01')), null);
  await probe.close();
  await a.team.dispose();
});
