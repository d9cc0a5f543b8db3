// Every persisted file kind, through its real writer and reader, survives truncation, garbage,
// 0 bytes, a symlink (its outside target unchanged) and a directory in its place: the reader
// does not throw, the next record written is intact and readable, and a corrupt JSON state
// file is moved aside with its bytes rather than overwritten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OutcomeStore } from '../../../server/src/learning/outcomeStore';
import { Learner } from '../../../server/src/learning/learner';
import { isReliabilityState, ReliabilityModel } from '../../../server/src/learning/reliability';
import { TraceFiles } from '../../../server/src/telemetry/traceFiles';
import { SnippetCache, loadCache, saveCache } from '../../../server/src/cache';
import { RepairLog } from '../../../server/src/features/repairLog';
import { RegionStore } from '../../../server/src/regions/store';
import type { StoredRegion } from '../../../server/src/regions/tracker';
import type { OutcomeInput } from '../../../server/src/learning/outcomes';

const OUTSIDE = 'outside content that must never change\n';
type Log = (m: string) => void;

const outcome = (marker: string): OutcomeInput => ({
  resultId: marker, providerIds: ['a'], allProviderIds: ['a'], language: 'typescript', siteKind: 'function', kind: 'accepted',
});
const region = (marker: string): StoredRegion => ({
  id: marker, text: 'x', originalText: 'x', edited: 0, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
  summary: { providers: [], quality: 1 },
} as unknown as StoredRegion);

/** One persisted file kind: where it lives, how to write a record with a marker, and the markers read back. */
interface Kind {
  file: string;
  /** A JSON state file (moved aside when corrupt) rather than JSON lines (torn lines skipped). */
  json: boolean;
  write(storage: string, marker: string, log: Log): Promise<void>;
  read(storage: string, log: Log): Promise<string[]>;
}

const learning = (s: string) => ({ dir: path.join(s, 'learning'), root: s });
const traces = (s: string, log: Log) => new TraceFiles({ dir: path.join(s, 'traces'), root: s, fileBytes: 1024, log });
const pad = (marker: string) => JSON.stringify({ m: marker, pad: 'p'.repeat(600) });

const kinds: Kind[] = [
  {
    file: 'learning/outcomes.jsonl', json: false,
    write: async (s, m, log) => void await (await OutcomeStore.open({ ...learning(s), log })).append(outcome(m)),
    read: async (s, log) => (await OutcomeStore.open({ ...learning(s), log })).all().map((e) => e.resultId),
  },
  {
    file: 'learning/outcomes.1.jsonl', json: false,
    // maxEvents 4: the live file rotates after 2 events, so both files hold records.
    write: async (s, m, log) => {
      const store = await OutcomeStore.open({ ...learning(s), maxEvents: 4, log });
      for (let i = 0; i < 3; i++) await store.append(outcome(`${m}${i ? `-${i}` : ''}`));
    },
    read: async (s, log) => (await OutcomeStore.open({ ...learning(s), maxEvents: 4, log })).all().map((e) => e.resultId),
  },
  {
    file: 'learning/reliability.json', json: true,
    write: async (s, m, log) => void await (await Learner.open({ ...learning(s), log })).record(outcome(m)),
    // 'fresh' once the saved state holds both the seed and the fresh outcome.
    read: async (s, log) => {
      await Learner.open({ ...learning(s), log });
      let state: unknown;
      try {
        state = JSON.parse(fs.readFileSync(path.join(s, 'learning/reliability.json'), 'utf8'));
      } catch {
        return [];
      }
      return isReliabilityState(state) && ReliabilityModel.fromJSON(state).events >= 2 ? ['fresh'] : [];
    },
  },
  {
    file: 'learning/repairs.jsonl', json: false,
    write: async (s, m, log) => (await RepairLog.open(learning(s).dir, 10, { root: s, log })).append({ time: 1, iterations: 1, tokens: 1, fixed: true, stoppedBecause: m }),
    read: async (s, log) => (await RepairLog.open(learning(s).dir, 10, { root: s, log })).all().map((r) => r.stoppedBecause),
  },
  {
    file: 'traces/traces.jsonl', json: false,
    write: async (s, m, log) => {
      const files = traces(s, log);
      files.load();
      files.append([pad(m)]);
    },
    read: async (s, log) => traces(s, log).load().map((l) => (JSON.parse(l) as { m: string }).m),
  },
  {
    file: 'traces/traces.1.jsonl', json: false,
    write: async (s, m, log) => {
      const files = traces(s, log);
      files.load();
      files.append([pad(m), pad(`${m}-2`)]); // two lines do not fit in 1 KiB: the first is rotated
    },
    read: async (s, log) => traces(s, log).load().map((l) => (JSON.parse(l) as { m: string }).m),
  },
  {
    file: 'regions.json', json: true,
    write: async (s, m, log) => {
      const store = new RegionStore(s, 0, log);
      store.load();
      store.save({ [m]: [region(m)] });
    },
    read: async (s, log) => Object.keys(new RegionStore(s, 0, log).load()),
  },
  {
    file: 'pregen-cache.json', json: true,
    write: async (s, m, log) => {
      const cache = new SnippetCache<{ text: string }>({});
      await loadCache(cache, path.join(s, 'pregen-cache.json'), { log });
      cache.set(m, { result: { text: m }, tokens: 1, origin: 'foreground' });
      await saveCache(cache, path.join(s, 'pregen-cache.json'), undefined, { log });
    },
    read: async (s, log) => {
      const cache = new SnippetCache<{ text: string }>({});
      await loadCache(cache, path.join(s, 'pregen-cache.json'), { log });
      return ['seed', 'fresh'].filter((k) => cache.has(k));
    },
  },
];

const corruptions: { name: string; apply: (file: string, outside: string) => void; keepsBytes: boolean }[] = [
  { name: 'truncation', apply: (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2)), keepsBytes: true },
  { name: 'garbage', apply: (f) => fs.writeFileSync(f, Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x22, 0x0a, 0x5b, 0x5b])), keepsBytes: true },
  { name: '0 bytes', apply: (f) => fs.truncateSync(f, 0), keepsBytes: false },
  { name: 'a symlink', apply: (f, outside) => { fs.rmSync(f); fs.symlinkSync(outside, f); }, keepsBytes: false },
  { name: 'a directory', apply: (f) => { fs.rmSync(f); fs.mkdirSync(path.join(f, 'inner'), { recursive: true }); }, keepsBytes: false },
];

for (const kind of kinds) {
  for (const c of corruptions) {
    test(`${kind.file} survives ${c.name}`, async (t) => {
      const base = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-corrupt-'));
      t.after(() => fs.rmSync(base, { recursive: true, force: true }));
      const storage = path.join(base, 'storage');
      const outside = path.join(base, 'outside.txt');
      fs.writeFileSync(outside, OUTSIDE);
      const logs: string[] = [];
      const log = (m: string) => logs.push(m);

      await kind.write(storage, 'seed', log);
      const file = path.join(storage, kind.file);
      assert.ok(fs.statSync(file).size > 0, 'seeded');
      c.apply(file, outside);
      const corrupted = fs.lstatSync(file).isFile() ? fs.readFileSync(file) : undefined;

      await kind.read(storage, log); // must not throw
      await kind.write(storage, 'fresh', log);
      assert.ok((await kind.read(storage, log)).includes('fresh'), `the new record is readable (log: ${logs.join(' | ')})`);
      assert.equal(fs.readFileSync(outside, 'utf8'), OUTSIDE, 'the symlink target outside is unchanged');
      assert.ok(fs.lstatSync(file).isFile(), 'a regular file again');
      const dir = path.dirname(file);
      const moved = fs.readdirSync(dir).filter((n) => n.startsWith(`${path.basename(file)}.corrupt-`));
      if (c.name === 'a symlink' || c.name === 'a directory') {
        assert.equal(moved.length, 1, 'what was in the way is moved aside');
      } else if (kind.json && c.keepsBytes) {
        assert.equal(moved.length, 1, 'the corrupt state file is moved aside, not overwritten');
        assert.deepEqual(fs.readFileSync(path.join(dir, moved[0])), corrupted);
      }
      if (c.name !== '0 bytes' || kind.json) assert.ok(logs.length > 0, 'the recovery is logged');
    });
  }
}
