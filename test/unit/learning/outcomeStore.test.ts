import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutcomeStore, LIVE_FILE, ROTATED_FILE } from '../../../server/src/learning/outcomeStore';
import { Learner, STATE_FILE } from '../../../server/src/learning/learner';
import type { OutcomeInput } from '../../../server/src/learning/outcomes';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'wg-learn-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const input = (i: number, over: Partial<OutcomeInput> = {}): OutcomeInput => ({
  resultId: `r${i}`, providerIds: ['a'], allProviderIds: ['a', 'b'], language: 'typescript', siteKind: 'function', kind: 'accepted', ...over,
});

function counter() {
  let n = 0;
  return { now: () => 1000 + n, newId: () => `id${++n}` };
}

test('appends, stamps and reloads across a restart', async (t) => {
  const dir = tempDir(t);
  const s = await OutcomeStore.open({ dir, ...counter() });
  const e = await s.append(input(1));
  assert.equal(e.id, 'id1');
  await s.append(input(2, { kind: 'accepted-edited', editRatio: 0.3 }));
  const again = await OutcomeStore.open({ dir });
  assert.deepEqual(again.all(), s.all());
  assert.equal(again.size, 2);
});

test('bounded by count: rotation keeps at most maxEvents, newest last', async (t) => {
  const dir = tempDir(t);
  const s = await OutcomeStore.open({ dir, maxEvents: 10, ...counter() });
  for (let i = 0; i < 37; i++) await s.append(input(i));
  assert.equal(s.size, 10);
  assert.equal(s.all().at(-1)!.resultId, 'r36');
  const lines = (f: string) => readFileSync(join(dir, f), 'utf8').trim().split('\n').length;
  assert.ok(lines(LIVE_FILE) <= 5 && lines(ROTATED_FILE) <= 5);
  const reloaded = await OutcomeStore.open({ dir, maxEvents: 10 });
  assert.ok(reloaded.size <= 10 && reloaded.size >= 6);
  assert.equal(reloaded.all().at(-1)!.resultId, 'r36');
});

test('bounded by bytes', async (t) => {
  const dir = tempDir(t);
  const s = await OutcomeStore.open({ dir, maxBytes: 4096, ...counter() });
  for (let i = 0; i < 200; i++) await s.append(input(i, { resultId: `r${i}-${'x'.repeat(50)}` }));
  const total = statSync(join(dir, LIVE_FILE)).size + statSync(join(dir, ROTATED_FILE)).size;
  assert.ok(total <= 4096, `${total} bytes`);
});

test('a torn or malformed line is skipped on load; malformed appends are refused', async (t) => {
  const dir = tempDir(t);
  const s = await OutcomeStore.open({ dir, ...counter() });
  await s.append(input(1));
  appendFileSync(join(dir, LIVE_FILE), '{"id":"x","time":1,"resu');
  appendFileSync(join(dir, LIVE_FILE), '\n{"id":"y"}\n');
  assert.equal((await OutcomeStore.open({ dir })).size, 1);
  await assert.rejects(s.append(input(2, { kind: 'nope' as never })), TypeError);
});

test('export is a JSON document of every kept event; reset forgets them on disk', async (t) => {
  const dir = tempDir(t);
  const s = await OutcomeStore.open({ dir, ...counter() });
  await s.append(input(1));
  await s.append(input(2, { kind: 'undone' }));
  const doc = JSON.parse(s.export());
  assert.equal(doc.format, 'weavergen-outcomes');
  assert.deepEqual(doc.events.map((e: { kind: string }) => e.kind), ['accepted', 'undone']);
  await s.reset();
  assert.equal(s.size, 0);
  assert.equal(existsSync(join(dir, LIVE_FILE)), false);
  assert.equal((await OutcomeStore.open({ dir })).size, 0);
});

test('learner: learning persists across restarts, is rebuilt from outcomes when state is lost, and resets', async (t) => {
  const dir = tempDir(t);
  const l = await Learner.open({ dir, ...counter() });
  for (let i = 0; i < 12; i++) await l.record(input(i));
  const mean = l.model.mean('a');
  assert.ok(mean > 0.8);
  const restarted = await Learner.open({ dir });
  assert.equal(restarted.model.mean('a'), mean);
  assert.equal(restarted.model.events, 12);
  writeFileSync(join(dir, STATE_FILE), 'garbage');
  const rebuilt = await Learner.open({ dir });
  assert.ok(Math.abs(rebuilt.model.mean('a') - mean) < 1e-12);
  const exported = JSON.parse(rebuilt.export());
  assert.equal(exported.outcomes.count, 12);
  assert.equal(exported.summary.providers[0].providerId, 'a');
  await rebuilt.reset();
  assert.equal(rebuilt.model.events, 0);
  const fresh = await Learner.open({ dir });
  assert.equal(fresh.model.events, 0);
  assert.equal(fresh.store.size, 0);
});
