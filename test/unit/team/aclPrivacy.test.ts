/**
 * Multi-tenant by Redis ACLs: team B's user cannot read or write team A's keys or channel.
 * Privacy: every key, hash field, value and channel message written to the real server is
 * scanned for the prompt, the file path and the API key (none may appear), and the
 * reliability keys for the provider/model and language names (hashed).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createClient } from 'redis';
import { RedisTeamStore } from '../../../server/src/team';
import { startRedis, type RedisServer } from '../../support/redisServer';
import { Engine, connectedStore, drain, localKey } from './helpers';

let redis: RedisServer;
let admin: ReturnType<typeof createClient>;
before(async () => {
  redis = await startRedis();
  admin = createClient({ url: redis.url });
  admin.on('error', () => undefined);
  await admin.connect();
  for (const team of ['teamA', 'teamB']) {
    await admin.sendCommand(['ACL', 'SETUSER', team, 'reset', 'on', `>pass-${team}`, `~${team}:*`, `&${team}:*`, '+@all', '-@dangerous']);
  }
});
after(async () => {
  await admin?.close().catch(() => undefined);
  await redis?.stop();
});

test("team B's ACL user cannot read or write team A's keys or publish on its channel", async () => {
  const a = await connectedStore(redis.url, { username: 'teamA', password: 'pass-teamA' });
  const b = createClient({ url: redis.url, username: 'teamB', password: 'pass-teamB' });
  b.on('error', () => undefined);
  await b.connect();
  await a.putAndPublish('teamA:res:1', 'secret-of-A', 60, 'teamA:updates', 'm');
  await a.applyIncrements({ opKey: 'teamA:op:x:1', increments: new Map([['teamA:rel:1', new Map([['c.s', 1]])]]), ttlSeconds: 60 });
  await assert.rejects(b.get('teamA:res:1'), /NOPERM/);
  await assert.rejects(b.set('teamA:res:1', 'overwritten'), /NOPERM/);
  await assert.rejects(b.hIncrByFloat('teamA:rel:1', 'c.s', 5), /NOPERM/);
  await assert.rejects(b.hGetAll('teamA:rel:1'), /NOPERM/);
  await assert.rejects(b.publish('teamA:updates', 'spoof'), /NOPERM/);
  await assert.rejects(b.eval("return redis.call('GET', KEYS[1])", { keys: ['teamA:res:1'] }), /NOPERM/);
  await assert.rejects(b.sendCommand(['KEYS', '*']), /NOPERM/);
  // Team B's own prefix works, and team A's data is intact.
  await b.set('teamB:res:1', 'B');
  assert.equal(await b.get('teamB:res:1'), 'B');
  assert.equal(await a.get('teamA:res:1'), 'secret-of-A');
  assert.equal((await a.readHashes(['teamA:rel:1']))[0]['c.s'], '1');
  await b.close();
  await a.close();
});

test('nothing written to the team server contains the prompt, the file path or a key', async () => {
  const prompt = 'PROMPT-7f3a: implement reverse for the secret customer ledger';
  const apiKey = 'sk-test-FAKEKEY-0123456789abcdef';
  const filePath = '/home/alice/secret-project/src/strings.ts';
  const messages: string[] = [];
  const sub = createClient({ url: redis.url });
  sub.on('error', () => undefined);
  await sub.connect();
  await sub.pSubscribe('*', (m) => messages.push(m));

  const store = RedisTeamStore.open({ url: redis.url, username: 'teamA', password: 'pass-teamA', timeoutMs: 2000 });
  await store.whenReady();
  const engine = new Engine(store, { namespace: 'teamA' });
  let sentPrompt = '';
  const key = localKey(`file://${filePath}`, 'ctx-ledger');
  const { serveWithTeam } = await import('../../../server/src/team');
  const { result } = await import('./helpers');
  await serveWithTeam(engine.cache, engine.team, key, async () => {
    sentPrompt = `${prompt}\nAuthorization: Bearer ${apiKey}`; // what a provider would send
    return { result: result('return s.split("").reverse().join("");', 95, `file://${filePath}`), tokens: 500 };
  });
  engine.team.recordOutcome({
    id: 'e1', time: 0, resultId: 'result-0123', providerIds: ['gpt'], allProviderIds: ['gpt'],
    language: 'typescript', siteKind: 'empty-body', kind: 'accepted',
  }, (id) => (id === 'gpt' ? 'openai/gpt-4o' : undefined));
  await drain(engine.team);
  // The message was published by the flush above: wait until the listener has it.
  for (let i = 0; messages.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
    if (i > 6000) assert.fail('no message seen');
  }
  assert.ok(sentPrompt.includes(apiKey));

  const dump: string[] = [...messages];
  const relDump: string[] = [];
  const keys = await admin.sendCommand(['KEYS', '*']) as string[];
  assert.ok(keys.some((k) => k.startsWith('teamA:rel:')) && keys.some((k) => k.startsWith('teamA:res:')));
  for (const k of keys) {
    dump.push(k);
    const type = await admin.type(k);
    if (type === 'string') dump.push(String(await admin.get(k)));
    else if (type === 'hash') for (const [f, v] of Object.entries(await admin.hGetAll(k))) dump.push(f, String(v));
    if (k.includes(':rel:')) relDump.push(k, ...Object.keys(await admin.hGetAll(k)));
  }
  const all = dump.join('\n');
  for (const secret of [prompt, apiKey, filePath, 'secret-project', 'trace-0123', 'result-0123']) {
    assert.ok(!all.includes(secret), `team server holds ${secret}`);
  }
  assert.ok(all.includes('reverse'), 'the shared code is there (shareCode on)');
  assert.ok(relDump.length > 1, 'reliability counts were written');
  for (const name of ['gpt-4o', 'openai', 'typescript', 'empty-body']) assert.ok(!relDump.join('\n').includes(name), `${name} in a reliability key`);
  await sub.close();
  await engine.team.dispose();
});
