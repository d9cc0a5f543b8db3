/** A refresh's prediction and site finding in the worker: same sites, keys and prompts as in-process. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeCheckPool } from '../../../server/src/workers/typecheckPool';
import { siteTargets, type SiteTargetsJob } from '../../../server/src/workers/siteTargetsTask';
import { rebuildFound, resolveTargets, SiteMemo } from '../../../server/src/pregen/siteTargets';
import { predictSites } from '../../../server/src/prediction';
import { keyForFound } from '../../../server/src/cache';
import { buildPrompt } from '../../../server/src/context/promptBuilder';
import { SERVICE } from '../prediction/fixtures';

const JOB: SiteTargetsJob = {
  uri: 'file:///w/service.ts', text: SERVICE, file: 'service.ts', fingerprint: 'fp1',
  predict: { cursor: { line: 17, character: 5 }, recentEdits: [{ offset: 300, time: 10 }], now: 20 },
};

const pools: TypeCheckPool[] = [];
after(() => Promise.all(pools.map((p) => p.dispose())));

async function inProcess(job: SiteTargetsJob) {
  const predicted = predictSites(job.text, job.file, job.predict);
  const targets = await resolveTargets({
    uri: job.uri, text: job.text, file: job.file, fingerprint: job.fingerprint,
    sites: predicted.filter((s) => s.target !== 'test'), memo: new SiteMemo(), stale: () => false,
  });
  return { predicted, targets: targets! };
}

test('the worker predicts the same sites and resolves the same targets and keys as in-process', async () => {
  const pool = new TypeCheckPool();
  pools.push(pool);
  assert.equal(pool.mode, 'worker', pool.reason);
  const out = await pool.task('siteTargets', JOB, new AbortController().signal);
  const want = await inProcess(JOB);
  assert.deepEqual(out.predicted, want.predicted);
  assert.ok(want.targets.length >= 3, `fixture has sites (${want.targets.length})`);
  assert.deepEqual(out.targets.map((t) => [t.key, t.score, t.found.site]), want.targets.map((t) => [t.key, t.score, t.found.site]));
});

test('a rebuilt site has its tree back: same key, same prompt, same function node', async () => {
  const want = siteTargets(JOB);
  const direct = (await inProcess(JOB)).targets;
  assert.equal(want.targets.length, direct.length);
  assert.ok(want.targets.some((t) => t.found.fn), 'a site inside a function');
  for (const [i, t] of want.targets.entries()) {
    assert.equal('sourceFile' in t.found, false, 'plain data crosses the thread');
    const found = rebuildFound(structuredClone(t.found), JOB.text, JOB.file);
    assert.equal(keyForFound(JOB.uri, found, JOB.fingerprint), t.key);
    assert.equal(found.sourceFile.text, JOB.text);
    const original = direct[i].found;
    assert.equal(found.fn?.node, original.fn?.node);
    assert.deepEqual(buildPrompt(JOB.text, JOB.file, found, 4000), buildPrompt(JOB.text, JOB.file, original, 4000));
  }
});

test('memoised results follow the text, uri and fingerprint', () => {
  const a = siteTargets(JOB);
  assert.deepEqual(siteTargets(JOB), a);
  const other = siteTargets({ ...JOB, fingerprint: 'fp2' });
  assert.notDeepEqual(other.targets.map((t) => t.key), a.targets.map((t) => t.key));
  const edited = siteTargets({ ...JOB, text: JOB.text.replace('// TODO: validate the shape of each user\n', '') });
  assert.ok(edited.targets.length < a.targets.length || edited.targets.some((t, i) => t.key !== a.targets[i]?.key));
});
