/**
 * The hostile corpus (hostileCorpus.ts) against the real sandbox: every entry runs in its own
 * arena (hostileArena.ts: a victim process, TCP/UDP/Unix/abstract servers, a secret outside the
 * temp dir, a canary path) through runSandboxed / runProbes / runTestProgram, two at a time, and
 * must be contained. Entries that name the layers they defeat run again without those layers
 * and must then get through: the containment checks can fail, and the layer is what holds.
 * No timing is asserted; limits are generous upper bounds only.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { getIsolation, probeIsolation, type IsolationProfile } from '../../../server/src/sandbox';
import { HOSTILE_CORPUS, type Layer } from './hostileCorpus';
import { trialEntry, warmUp } from './hostileArena';

const CATEGORIES = ['signals', 'debugger', 'sockets', 'proc', 'ptrace', 'namespaces', 'filesystem', 'forgery', 'resources'];
const ENTRY_TIMEOUT = 120_000;

describe('hostile corpus: the shape of the corpus', () => {
  it('has at least 40 uniquely named variants covering every category and mode', () => {
    assert.ok(HOSTILE_CORPUS.length >= 40, `only ${HOSTILE_CORPUS.length} entries`);
    assert.equal(new Set(HOSTILE_CORPUS.map((e) => e.name)).size, HOSTILE_CORPUS.length, 'duplicate names');
    for (const c of CATEGORIES) assert.ok(HOSTILE_CORPUS.some((e) => e.category === c), `no ${c} entry`);
    for (const m of ['run', 'probe', 'tests']) assert.ok(HOSTILE_CORPUS.some((e) => e.mode === m), `no ${m} entry`);
    assert.ok(HOSTILE_CORPUS.filter((e) => e.breachWithout).length >= 5, 'fewer than 5 entries show a layer matters');
  });
});

describe('hostile corpus: every variant is contained', { concurrency: 2 }, () => {
  before(async () => {
    const profile = await getIsolation();
    assert.ok(profile.bwrap?.seccomp, `bubblewrap with seccomp is required: ${profile.notes.join('; ')}`);
    await warmUp();
  });
  for (const entry of HOSTILE_CORPUS) {
    it(`${entry.category}/${entry.name} (${entry.mode}): ${entry.containment}`, { timeout: ENTRY_TIMEOUT }, async () => {
      const r = await trialEntry(entry);
      assert.deepEqual(r.breaches, [], `${entry.name} got through (outcome ${r.run.outcome}):\n${r.run.seen.slice(0, 2000)}`);
    });
  }
});

describe('hostile corpus: without the layer that stops it, the attack gets through', () => {
  const profiles = new Map<string, Promise<IsolationProfile>>();
  const without = (layers: Layer[]): Promise<IsolationProfile> => {
    const key = [...layers].sort().join('+');
    if (!profiles.has(key)) profiles.set(key, probeIsolation({ without: layers }));
    return profiles.get(key) as Promise<IsolationProfile>;
  };
  for (const entry of HOSTILE_CORPUS.filter((e) => e.breachWithout)) {
    const layers = entry.breachWithout as Layer[];
    it(`${entry.name} breaks out without ${layers.join(' + ')}`, { timeout: ENTRY_TIMEOUT }, async () => {
      const isolation = await without(layers);
      assert.equal(isolation.bwrap, null);
      const r = await trialEntry(entry, isolation);
      assert.notDeepEqual(r.breaches, [], `${entry.name} was contained even without ${layers.join(' + ')}:\n${r.run.seen.slice(0, 2000)}`);
    });
  }
});
