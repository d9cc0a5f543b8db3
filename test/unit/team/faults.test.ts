/**
 * The team server killed mid-work: requests are still served (local hits and model calls),
 * outcomes and results queue, and after the server comes back the queue resyncs; with an
 * fsync-always AOF nothing acknowledged before the kill is lost. A stopped (hung) server:
 * calls time out and the request goes on.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RedisTeamStore } from '../../../server/src/team';
import { startRedis, type RedisServer } from '../../support/redisServer';
import { Engine, connectedStore, drain, localKey } from './helpers';

let redis: RedisServer;
before(async () => { redis = await startRedis({ durable: true }); });
after(async () => {
  if (redis?.pid()) try { process.kill(redis.pid()!, 'SIGCONT'); } catch { /* gone */ }
  await redis?.stop();
});

const now = () => 1_700_000_000_000;
const cell = { provider: 'openai/gpt-4o', language: 'typescript', siteKind: 'body' };

test('killed server: local work goes on, queued writes resync after restart, nothing acknowledged is lost', async () => {
  const a = new Engine(await connectedStore(redis.url), { namespace: 'teamA', reliability: { now } });
  for (let i = 0; i < 50; i++) a.team.reliability.record(cell, 1, 0);
  await a.serve(localKey('file:///a.ts', 'ctx-before'), 'return 1;');
  await a.team.flush();
  assert.equal(a.team.status().queuedIncrements, 0, 'acknowledged before the kill');

  await redis.kill();
  for (let i = 0; i < 30; i++) a.team.reliability.record(cell, 1, 0);
  assert.equal((await a.serve(localKey('file:///a.ts', 'ctx-before'), 'x')).source, 'local');
  const during = await a.serve(localKey('file:///a.ts', 'ctx-during'), 'return 2;');
  assert.equal(during.source, 'model');
  await a.team.flush(); // fails quietly: the server is gone
  assert.ok(a.team.status().queuedIncrements > 0);
  assert.equal(a.team.status().queuedResults, 1);

  let up!: () => void;
  const reconnected = new Promise<void>((r) => { up = r; });
  a.store.onConnectionChange((isUp) => { if (isUp) up(); });
  await redis.restart();
  await reconnected;
  await drain(a.team);

  const reader = await connectedStore(redis.url);
  const [hash] = await reader.readHashes([a.team.keys.reliabilityBucket(Math.floor(now() / a.team.reliability.bucketMs))]);
  assert.equal(Number(hash[`${a.team.keys.cell(cell)}.s`]), 80, '50 acknowledged before the kill + 30 queued during it');
  assert.notEqual(await reader.get(a.team.keys.result('empty-body', 'ctx-before', 'fp01')), null);
  assert.notEqual(await reader.get(a.team.keys.result('empty-body', 'ctx-during', 'fp01')), null);
  await reader.close();
  await a.team.dispose();
});

test('a hung server (SIGSTOP): a lookup gives up at its deadline and the request is generated', async () => {
  const store = RedisTeamStore.open({ url: redis.url, timeoutMs: 200 });
  await store.whenReady();
  const a = new Engine(store, { namespace: 'teamA' });
  process.kill(redis.pid()!, 'SIGSTOP');
  try {
    const served = await a.serve(localKey('file:///a.ts', 'ctx-hung'), 'return 3;');
    assert.equal(served.source, 'model');
    await a.team.flush();
    assert.equal(a.team.status().queuedResults, 1, 'the write stays queued');
  } finally {
    process.kill(redis.pid()!, 'SIGCONT');
  }
  await drain(a.team);
  await a.team.dispose();
});
