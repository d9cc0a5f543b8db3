// Regression tests for issue 11, escapes 9 (torn JSON lines) and 10 (planted symlinks followed on write),
// against the real persistence code on real files in a temp dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OutcomeStore, LIVE_FILE } from '../../../server/src/learning/outcomeStore';
import { Learner, STATE_FILE } from '../../../server/src/learning/learner';
import { TraceFiles } from '../../../server/src/telemetry/traceFiles';
import { SnippetCache, saveCache } from '../../../server/src/cache';
import { RepairLog, REPAIRS_FILE } from '../../../server/src/features/repairLog';
import { RegionStore, REGIONS_FILE } from '../../../server/src/regions/store';
import type { OutcomeInput } from '../../../server/src/learning/outcomes';

const SECRET = 'outside content that must never change\n';

/** A storage dir and, beside it (outside), a file a planted symlink points at. */
function setup(t: { after: (fn: () => void) => void }) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-escape-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  const storage = path.join(base, 'storage');
  fs.mkdirSync(storage);
  const outside = path.join(base, 'outside.txt');
  fs.writeFileSync(outside, SECRET);
  return { storage, outside };
}

const input = (i: number): OutcomeInput => ({
  resultId: `r${i}`, providerIds: ['a'], allProviderIds: ['a', 'b'], language: 'typescript', siteKind: 'function', kind: 'accepted',
});

test('escape 9: a torn last line of outcomes.jsonl does not swallow the next record', async (t) => {
  const { storage } = setup(t);
  const first = await OutcomeStore.open({ dir: storage });
  await first.append(input(1));
  fs.appendFileSync(path.join(storage, LIVE_FILE), '{"id":"torn","time":12'); // kill -9 mid-append
  const s = await OutcomeStore.open({ dir: storage });
  await s.append(input(2));
  const again = await OutcomeStore.open({ dir: storage });
  assert.deepEqual(again.all().map((e) => e.resultId), ['r1', 'r2']);
});

test('escape 9: a torn last line of traces.jsonl does not swallow the next record', (t) => {
  const { storage } = setup(t);
  const dir = path.join(storage, 'traces');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'traces.jsonl'), '{"a":1}\n{"traceId":"torn","na');
  const files = new TraceFiles({ dir });
  files.append(['{"b":2}']);
  const lines = new TraceFiles({ dir }).load();
  assert.ok(lines.includes('{"b":2}'), `the new record is on its own line: ${JSON.stringify(lines)}`);
  assert.ok(lines.includes('{"a":1}'));
});

test('escape 9: a torn last line of repairs.jsonl does not swallow the next record', async (t) => {
  const { storage } = setup(t);
  fs.writeFileSync(path.join(storage, REPAIRS_FILE), '{"time":1,"iter');
  const log = await RepairLog.open(storage);
  await log.append({ time: 2, iterations: 1, tokens: 3, fixed: true, stoppedBecause: 'fixed' });
  assert.deepEqual((await RepairLog.open(storage)).all().map((r) => r.time), [2]);
});

/** Every place a planted symlink must not be written through. */
const planted: { name: string; plant: (storage: string) => string; write: (storage: string) => Promise<unknown> }[] = [
  {
    name: 'reliability.json.tmp',
    plant: (s) => path.join(s, STATE_FILE + '.tmp'),
    write: async (s) => (await Learner.open({ dir: s })).record(input(1)),
  },
  {
    name: 'reliability.json',
    plant: (s) => path.join(s, STATE_FILE),
    write: async (s) => (await Learner.open({ dir: s })).record(input(1)),
  },
  {
    name: 'outcomes.jsonl',
    plant: (s) => path.join(s, LIVE_FILE),
    write: async (s) => (await OutcomeStore.open({ dir: s })).append(input(1)),
  },
  {
    name: 'pregen-cache.json.<pid>.tmp',
    plant: (s) => path.join(s, `pregen-cache.json.${process.pid}.tmp`),
    write: (s) => saveCacheOnce(path.join(s, 'pregen-cache.json')),
  },
  {
    name: 'pregen-cache.json',
    plant: (s) => path.join(s, 'pregen-cache.json'),
    write: (s) => saveCacheOnce(path.join(s, 'pregen-cache.json')),
  },
  {
    name: 'traces/traces.jsonl',
    plant: (s) => (fs.mkdirSync(path.join(s, 'traces')), path.join(s, 'traces', 'traces.jsonl')),
    write: async (s) => new TraceFiles({ dir: path.join(s, 'traces') }).append(['{"x":1}']),
  },
  {
    name: 'repairs.jsonl',
    plant: (s) => path.join(s, REPAIRS_FILE),
    write: async (s) => (await RepairLog.open(s)).append({ time: 2, iterations: 1, tokens: 3, fixed: true, stoppedBecause: 'fixed' }),
  },
  {
    name: 'repairs.jsonl.tmp (the compaction temp)',
    plant: (s) => path.join(s, `${REPAIRS_FILE}.tmp`),
    write: async (s) => {
      const log = await RepairLog.open(s, 1); // compacted on the third run
      for (let i = 0; i < 3; i++) await log.append({ time: i, iterations: 1, tokens: 3, fixed: true, stoppedBecause: 'fixed' });
    },
  },
  {
    name: 'regions.json.<pid>.tmp',
    plant: (s) => path.join(s, `${REGIONS_FILE}.${process.pid}.tmp`),
    write: async (s) => new RegionStore(s, 0, () => undefined).save({}),
  },
];

function saveCacheOnce(file: string): Promise<number> {
  const cache = new SnippetCache<{ text: string }>({});
  cache.set('k', { result: { text: 'x' }, tokens: 1, origin: 'foreground' });
  return saveCache(cache, file);
}

for (const p of planted) {
  test(`escape 10: a planted symlink ${p.name} is not written through`, async (t) => {
    const { storage, outside } = setup(t);
    fs.symlinkSync(outside, p.plant(storage));
    await p.write(storage).catch(() => undefined); // refusing is fine; writing through is not
    assert.equal(fs.readFileSync(outside, 'utf8'), SECRET);
  });
}
