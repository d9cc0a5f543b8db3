// A storage dir that is a symlink (wherever it is, a workspace's `.weavergen/` included) is
// refused by every writer, reported clearly, and once: traces and regions stop saving for the
// session, learning falls back to a temp dir, the pregen cache is not saved; nothing is written
// through the link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isUnsafeStatePath } from '../../../server/src/util/safeFiles';
import { TraceFiles } from '../../../server/src/telemetry/traceFiles';
import { RegionStore } from '../../../server/src/regions/store';
import { Learner } from '../../../server/src/learning/learner';
import { LearningService } from '../../../server/src/features/learning';
import { SnippetCache, saveCache } from '../../../server/src/cache';

function linkedStorage(t: { after: (fn: () => void) => void }) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-refuse-'));
  t.after(() => fs.rmSync(base, { recursive: true, force: true }));
  const outside = path.join(base, 'outside');
  fs.mkdirSync(outside);
  const workspace = path.join(base, 'workspace');
  fs.mkdirSync(workspace);
  const storage = path.join(workspace, '.weavergen'); // as a repository could ship it
  fs.symlinkSync(outside, storage);
  return { storage, outside };
}

test('traces: the first refused write throws a clear error, later ones write nothing and do not throw', (t) => {
  const { storage, outside } = linkedStorage(t);
  const files = new TraceFiles({ dir: path.join(storage, 'traces'), root: storage });
  assert.deepEqual(files.load(), []);
  assert.throws(() => files.append(['{"a":1}']), (e) => isUnsafeStatePath(e) && e.message.includes(storage) && /symlink/.test(e.message));
  files.append(['{"a":2}']);
  assert.deepEqual(fs.readdirSync(outside), []);
});

test('regions: a refused save is reported once', (t) => {
  const { storage, outside } = linkedStorage(t);
  const errors: string[] = [];
  const store = new RegionStore(storage, 0, (m) => errors.push(m));
  for (let i = 0; i < 3; i++) store.save({});
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /symlink.*not saved in this session/);
  assert.deepEqual(fs.readdirSync(outside), []);
});

test('learning: the store refuses the linked storage dir and the service falls back to a temp dir, saying why', async (t) => {
  const { storage, outside } = linkedStorage(t);
  await assert.rejects(Learner.open({ dir: path.join(storage, 'learning'), root: storage }), isUnsafeStatePath);
  const warnings: string[] = [];
  const service = new LearningService(() => true, (m) => warnings.push(m));
  const opened = await service.open(storage);
  t.after(() => fs.rmSync(opened.learner.store['opts'].dir, { recursive: true, force: true }));
  await opened.learner.record({ resultId: 'r', providerIds: ['a'], allProviderIds: ['a'], language: 'ts', siteKind: 'function', kind: 'accepted' });
  assert.ok(warnings.some((w) => /is a symlink.*using a temporary directory/.test(w)), warnings.join('\n'));
  assert.deepEqual(fs.readdirSync(outside), []);
});

test('pregen cache: saving into the linked storage dir is refused', async (t) => {
  const { storage, outside } = linkedStorage(t);
  const cache = new SnippetCache<{ text: string }>({});
  cache.set('k', { result: { text: 'x' }, tokens: 1, origin: 'foreground' });
  await assert.rejects(saveCache(cache, path.join(storage, 'pregen-cache.json')), isUnsafeStatePath);
  assert.deepEqual(fs.readdirSync(outside), []);
});
