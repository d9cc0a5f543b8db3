/** The runtime: nothing without a URL; one session per settings+credentials; ended on change. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEFAULT_TEAM_SETTINGS } from '../../../server/src/protocol/teamSettings';
import { RedisTeamStore, TeamRuntime, type TeamStore } from '../../../server/src/team';
import { startRedis, type RedisServer } from '../../support/redisServer';

let redis: RedisServer;
before(async () => { redis = await startRedis(); });
after(async () => { await redis?.stop(); });

test('team mode off creates nothing; on connects; the same settings keep the session; a change replaces it', async () => {
  const opened: TeamStore[] = [];
  const rt = new TeamRuntime({ open: (o) => { const s = RedisTeamStore.open(o); opened.push(s); return s; } });
  const current = () => rt.current; // read afresh (no narrowing across apply calls)
  rt.apply(DEFAULT_TEAM_SETTINGS);
  assert.equal(current(), undefined);
  assert.equal(opened.length, 0);

  const on = { ...DEFAULT_TEAM_SETTINGS, url: redis.url, namespace: 'teamA' };
  rt.apply(on);
  const first = current();
  assert.ok(first);
  await (opened[0] as RedisTeamStore).whenReady();
  assert.equal(first.status().connected, true);
  assert.equal(first.status().shareCode, false);
  rt.apply({ ...on });
  assert.equal(current(), first);

  rt.apply({ ...on, shareCode: true }, { password: 'not-needed' });
  assert.notEqual(current(), first);
  assert.equal(current()?.status().shareCode, true);
  assert.equal(opened.length, 2);

  rt.apply({ ...on, url: '' });
  assert.equal(current(), undefined);
  await rt.dispose();
  assert.equal(opened.every((s) => !s.ready), true, 'every store closed');
});
