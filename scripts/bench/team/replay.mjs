// N in-process engines (own snippet cache, own team session) replaying overlapping request
// sequences over the same sites, with the team on (a real redis-server) or off (solo).
// The model is SIMULATED: a miss "generates" the site's real body and spends its tokens.
import { performance } from 'node:perf_hooks';
import { SnippetCache } from '../../../server/src/cache/index.ts';
import { RedisTeamStore, TeamSession, adoptInto, serveWithTeam } from '../../../server/src/team/index.ts';
import { seededRandom } from '../../../server/src/team/dp.ts';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function resultFor(site) {
  const provider = { id: 'sim', kind: 'openai-compatible', model: 'simulated', recorded: false, status: 'ok', latencyMs: 0 };
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    code: site.code, edit: { textDocument: { uri: '', version: 0 }, edits: [] },
    site: { kind: 'empty-body', range, intent: site.name, originalText: '' },
    provider, providers: [provider], recorded: false, timings: { totalMs: 0, contextMs: 0, generationMs: 0 },
    quality: { score: 85, components: {} },
  };
}

export const keyOf = (who, site) => `file:///home/dev${who}/checkout/${site.file}\nempty-body\n${site.contextHash}\nfp-bench`;

/** Overlapping sequences: every teammate draws from the same Zipf-ranked pool, in its own order. */
export function sequences(sites, n, perTeammate, seed = 1) {
  const order = [...sites].sort((a, b) => (a.contextHash < b.contextHash ? -1 : 1));
  const weights = order.map((_, i) => 1 / (i + 1) ** 1.1);
  const total = weights.reduce((a, b) => a + b, 0);
  return Array.from({ length: n }, (_, who) => {
    const rnd = seededRandom(seed * 1000 + who);
    return Array.from({ length: perTeammate }, () => {
      let x = rnd() * total;
      let i = 0;
      while (x > weights[i] && i < weights.length - 1) x -= weights[i++];
      return order[i];
    });
  });
}

export class Teammate {
  constructor(who, url, opts = {}) {
    this.who = who;
    this.cache = new SnippetCache();
    this.store = url ? RedisTeamStore.open({ url, timeoutMs: 250 }) : undefined;
    this.team = this.store && new TeamSession({
      store: this.store, namespace: 'bench', shareCode: true, flushMs: opts.flushMs ?? 50,
      results: { onAdopt: (k, s) => { adoptInto(this.cache)(k, s); opts.onAdopt?.(k, s); } },
    }).start();
    this.stats = { requests: 0, local: 0, team: 0, model: 0, tokens: 0, errors: 0, hitMs: [] };
  }
  async serve(site) {
    const key = keyOf(this.who, site);
    this.team?.noteLocalKey(key);
    const t0 = performance.now();
    try {
      const s = await serveWithTeam(this.cache, this.team, key, async () => ({ result: resultFor(site), tokens: site.tokens }));
      const ms = performance.now() - t0;
      this.stats.requests++;
      this.stats[s.source]++;
      this.stats.tokens += s.tokens;
      this.team?.recordOutcome({ id: '', time: 0, resultId: '', providerIds: ['sim'], allProviderIds: ['sim'], language: 'typescript', siteKind: 'empty-body', kind: 'accepted' }, () => 'openai-compatible/simulated');
    } catch {
      this.stats.errors++;
    }
  }
  /** The hit path alone: a key already in the local cache, served with nothing else running. */
  async probeHit(site) {
    const key = keyOf(this.who, site);
    if (!this.cache.has(key)) return;
    const t0 = performance.now();
    const s = await serveWithTeam(this.cache, this.team, key, async () => ({ result: resultFor(site), tokens: 0 }));
    if (s.source === 'local') this.stats.hitMs.push(performance.now() - t0);
  }
  async close() { await this.team?.dispose(); }
}

/** Runs the sequences round by round (teammates in parallel within a round). */
export async function replay(seqs, url, hooks = {}) {
  const mates = seqs.map((_, who) => new Teammate(who, url));
  await Promise.all(mates.map((m) => m.store?.whenReady()));
  const rounds = Math.max(...seqs.map((s) => s.length));
  for (let r = 0; r < rounds; r++) {
    await hooks.onRound?.(r, rounds, mates);
    await Promise.all(mates.map((m, who) => (seqs[who][r] ? m.serve(seqs[who][r]) : undefined)));
    await sleep(hooks.thinkMs ?? 30); // think time between edits (real ones are seconds): flush timers and pub/sub run
    await mates[0].probeHit(seqs[0][0]);
  }
  return mates;
}

export function totals(mates) {
  const t = { requests: 0, local: 0, team: 0, model: 0, tokens: 0, errors: 0, hitMs: [] };
  for (const m of mates) for (const k of Object.keys(t)) t[k] = k === 'hitMs' ? t.hitMs.concat(m.stats.hitMs) : t[k] + m.stats[k];
  return t;
}
