/** Two teammates × 1000 concurrent increments on a real redis-server: the sum is exact. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RedisTeamStore, TeamSession } from '../../../server/src/team';
import { startRedis, type RedisServer } from '../../support/redisServer';
import { connectedStore, drain } from './helpers';

let redis: RedisServer;
before(async () => { redis = await startRedis(); });
after(async () => { await redis?.stop(); });

test('concurrent increments from two clients lose nothing (HINCRBYFLOAT, exactly-once batches)', async () => {
  const now = () => 1_700_000_000_000;
  const stores: RedisTeamStore[] = [await connectedStore(redis.url), await connectedStore(redis.url)];
  const sessions = stores.map((store) => new TeamSession({ store, namespace: 'teamA', shareCode: false, flushMs: 5, reliability: { now } }).start());
  const cell = { provider: 'openai/gpt-4o', language: 'typescript', siteKind: 'body' };
  await Promise.all(sessions.map(async (s, who) => {
    for (let i = 0; i < 1000; i++) {
      s.reliability.record(cell, who === 0 ? 1 : 0.5, who === 0 ? 0 : 0.25);
      if (i % 7 === 0) await s.flush(); // flushes interleave with the other client's
    }
    await drain(s);
  }));
  const reader = await connectedStore(redis.url);
  const bucket = sessions[0].keys.reliabilityBucket(Math.floor(now() / sessions[0].reliability.bucketMs));
  const [hash] = await reader.readHashes([bucket]);
  const field = sessions[0].keys.cell(cell);
  assert.equal(Number(hash[`${field}.n`]), 2000);
  assert.equal(Number(hash[`${field}.s`]), 1000 + 500);
  assert.equal(Number(hash[`${field}.f`]), 250);
  for (const s of sessions) await s.dispose();
  await reader.close();
});

test('a retried batch (same idempotency key) is applied once', async () => {
  const store = await connectedStore(redis.url);
  const batch = { opKey: 'teamA:op:test:1', increments: new Map([['teamA:rel:x', new Map([['c.s', 1]])]]), ttlSeconds: 60 };
  await store.applyIncrements(batch);
  await store.applyIncrements(batch);
  const [hash] = await store.readHashes(['teamA:rel:x']);
  assert.equal(Number(hash['c.s']), 1);
  await store.close();
});
