/** The team's pure parts: the blend, the Laplace mechanism, shared-result validation, settings. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { blend, laplace, ownCounts, parseShared, privatize, resolveTeam, seededRandom, teamCredentialsOf, TeamKeys, toShared } from '../../../server/src/team';
import { SettingsReader } from '../../../server/src/protocol/settingsReader';
import { result } from './helpers';

test('blend: λ = 0 is the local posterior; team evidence moves the mean by λ·counts', () => {
  const own = ownCounts({ mean: (2 + 6) / (4 + 8), evidence: 8 });
  assert.ok(Math.abs(own.s - 6) < 1e-9 && Math.abs(own.f - 2) < 1e-9);
  assert.ok(Math.abs(blend(own, { s: 100, f: 0, n: 100 }, 0).mean - 8 / 12) < 1e-12);
  const b = blend(own, { s: 0, f: 40, n: 40 }, 0.5);
  assert.ok(Math.abs(b.mean - 8 / (12 + 20)) < 1e-12);
  assert.ok(b.lower < b.mean && b.mean < b.upper);
});

test('Laplace noise: mean 0 and mean |x| = scale (seeded); privatize clamps at 0', () => {
  const rnd = seededRandom(7);
  let sum = 0; let abs = 0; const n = 20000;
  for (let i = 0; i < n; i++) { const x = laplace(2, rnd); sum += x; abs += Math.abs(x); }
  assert.ok(Math.abs(sum / n) < 0.1, `mean ${sum / n}`);
  assert.ok(Math.abs(abs / n - 2) < 0.1, `mean |x| ${abs / n}`);
  const p = privatize({ s: 0, f: 0 }, 0.1, seededRandom(1));
  assert.ok(p.s >= 0 && p.f >= 0);
  assert.throws(() => privatize({ s: 1, f: 1 }, 0));
});

test('a shared result keeps code and evidence, drops uri, trace and result ids; hostile payloads are refused', () => {
  const shared = toShared(result('return 1;', 80, 'file:///home/alice/x.ts'), 120);
  const text = JSON.stringify(shared);
  assert.ok(!text.includes('alice') && !text.includes('trace-0123') && !text.includes('result-0123'));
  const back = parseShared(text);
  assert.equal(back?.result.code, 'return 1;');
  assert.equal(back?.result.quality?.score, 80);
  assert.equal(back?.tokens, 120);
  for (const bad of ['', 'null', '{"format":"x"}', JSON.stringify({ ...shared, result: { ...shared.result, site: { kind: 1 } } }),
    JSON.stringify({ ...shared, result: { ...shared.result, quality: { score: 'high' } } }), 'x'.repeat(300 * 1024), 42]) {
    assert.equal(parseShared(bad), undefined);
  }
});

test('team keys: one prefix per team, identifiers hashed per team', () => {
  const a = new TeamKeys('teamA');
  const b = new TeamKeys('teamB');
  const k = a.result('empty-body', 'ctx', 'fp');
  assert.ok(k.startsWith('teamA:res:') && !k.includes('ctx') && a.owns(k) && !b.owns(k));
  assert.notEqual(a.cell({ provider: 'p', language: 'l', siteKind: 's' }), b.cell({ provider: 'p', language: 'l', siteKind: 's' }));
  assert.throws(() => new TeamKeys('team A*'));
});

test('settings: off by default; bad values refused with a message; no password in the URL', () => {
  assert.equal(resolveTeam(undefined).url, '');
  assert.equal(resolveTeam({ url: 'redis://127.0.0.1:6379' }).shareCode, false);
  const reader = new SettingsReader();
  const s = resolveTeam({ url: 'redis://u:pw@host:6379', namespace: 'a b', shareCode: 'yes', teamWeight: 3 }, reader);
  assert.equal(s.url, '');
  assert.equal(s.namespace, 'team');
  assert.equal(s.shareCode, false);
  assert.equal(s.teamWeight, 1);
  assert.equal(reader.issues.length, 4);
  assert.deepEqual(teamCredentialsOf({ team: { username: 'teamA', password: 'pw' } }), { username: 'teamA', password: 'pw' });
  assert.deepEqual(teamCredentialsOf({ team: 'x' }), {});
});

test('package.json: the team settings that choose where data goes are machine-scoped and restricted', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { scope?: string; default?: unknown }> } };
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };
  const props = pkg.contributes.configuration.properties;
  for (const s of ['weavergen.team.url', 'weavergen.team.namespace', 'weavergen.team.shareCode']) {
    assert.equal(props[s]?.scope, 'machine', s);
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(s), s);
  }
  assert.equal(props['weavergen.team.url'].default, '');
  assert.equal(props['weavergen.team.shareCode'].default, false);
});
