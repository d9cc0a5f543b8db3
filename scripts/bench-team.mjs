// npm run bench:team -- [--half dev|held] [--per 60] [--n 2,10,100]
// Team mode on a REAL redis-server (Debian package) on loopback: N in-process engines with
// their own caches replay overlapping request sequences over sites taken from this repo's
// own server/src files (scripts/bench/team/sites.mjs). The MODEL IS SIMULATED (a miss costs
// the site's context + body in tokens, no latency): hit rates and tokens measure the team
// method, not a model. Not a timed test: figures only.
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createClient } from 'redis';
import { percentile } from '../server/src/cache/index.ts';
import { blend, privatize, seededRandom, RedisTeamStore } from '../server/src/team/index.ts';
import { startRedis } from '../test/support/redisServer.ts';
import { collectSites } from './bench/team/sites.mjs';
import { replay, resultFor, sequences, sleep, Teammate, totals } from './bench/team/replay.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const half = arg('half', 'dev');
const per = Number(arg('per', 60));
const ns = arg('n', '2,10,100').split(',').map(Number);
const f1 = (x) => x.toFixed(1);
const f3 = (x) => x.toFixed(3);

const sites = collectSites(root).filter((s) => s.half === half);
console.log(`NOTE: SIMULATED model (tokens = (local context + real body)/4, no latency); real redis-server ${(await import('node:child_process')).execSync('redis-server --version').toString().split(' ')[2]}.`);
console.log('hit path: a request for a key already in the local cache, timed alone once per round (teammate 0), team off vs on; engines flush every 50 ms; 30 ms think time per round');
console.log(`sites: ${sites.length} functions from this repo's server/src (${half} half by file hash); ${per} requests per teammate, Zipf(1.1) over the pool`);
console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map(f1).join(' ')} (other helpers build and test beside this run)\n`);

const redis = await startRedis({ durable: true });
const admin = createClient({ url: redis.url });
admin.on('error', () => undefined);
await admin.connect();
try {
  console.log('N    requests  solo hit%  team hit% (local incl. pub/sub-adopted + GET on miss)  tokens solo  tokens team  saved%  tok/accepted solo→team  hit-path p50/p95 ms off  on');
  for (const n of ns) {
    await admin.flushAll();
    const seqs = sequences(sites, n, n >= 100 ? Math.min(per, 30) : per, 7);
    const solo = totals(await close(await replay(seqs, undefined)));
    const team = totals(await close(await replay(seqs, redis.url)));
    const hit = (t) => (100 * (t.local + t.team)) / t.requests;
    console.log(`${String(n).padEnd(4)} ${String(team.requests).padStart(8)}  ${f1(hit(solo)).padStart(9)}  ${f1(hit(team)).padStart(9)} (${f1(100 * team.local / team.requests)}+${f1(100 * team.team / team.requests)})`
      + `  ${String(solo.tokens).padStart(11)}  ${String(team.tokens).padStart(11)}  ${f1(100 * (1 - team.tokens / solo.tokens)).padStart(6)}`
      + `  ${f1(solo.tokens / solo.requests)} → ${f1(team.tokens / team.requests)}`
      + `   ${f3(percentile(solo.hitMs, 50))}/${f3(percentile(solo.hitMs, 95))}  ${f3(percentile(team.hitMs, 50))}/${f3(percentile(team.hitMs, 95))}`
      + `  errors ${solo.errors + team.errors}`);
  }
  const info = await admin.info('memory');
  console.log(`\nredis memory after the largest run: ${/used_memory_human:(\S+)/.exec(info)?.[1]}, keys ${await admin.dbSize()}`);

  // Propagation: A shares, B (which computed the key) has it in its local cache.
  const delays = [];
  for (let i = 0; i < 30; i++) {
    let landed;
    const got = new Promise((r) => { landed = r; });
    const a = new Teammate(0, redis.url, { flushMs: 200 });
    const b = new Teammate(1, redis.url, { flushMs: 200, onAdopt: () => landed(performance.now()) });
    await Promise.all([a.store.whenReady(), b.store.whenReady()]);
    await sleep(50); // the subscription is set up after connect
    const site = { ...sites[i], contextHash: `prop-${i}-${Date.now()}` };
    b.team.noteLocalKey(`file:///home/dev1/checkout/${site.file}\nempty-body\n${site.contextHash}\nfp-bench`);
    const t0 = performance.now();
    a.team.share(`file:///home/dev0/checkout/${site.file}\nempty-body\n${site.contextHash}\nfp-bench`, resultFor(site), site.tokens);
    const t1 = await Promise.race([got, sleep(5000).then(() => NaN)]);
    delays.push(t1 - t0);
    await a.close(); await b.close();
  }
  const ok = delays.filter(Number.isFinite);
  console.log(`propagation share → teammate's local cache (flush timer 200 ms + pub/sub): p50 ${f1(percentile(ok, 50))} ms, p95 ${f1(percentile(ok, 95))} ms, max ${f1(Math.max(...ok))} ms, ${delays.length - ok.length}/30 not within 5 s`);

  // Ops/s: 4 clients, 2 s of single-field exactly-once increment batches.
  let opsDone = 0;
  const clients = await Promise.all([0, 1, 2, 3].map(async () => { const s = RedisTeamStore.open({ url: redis.url, timeoutMs: 2000 }); await s.whenReady(); return s; }));
  const until = performance.now() + 2000;
  await Promise.all(clients.map(async (s, c) => {
    for (let i = 0; performance.now() < until; i++) {
      await s.applyIncrements({ opKey: `bench:op:ops${c}:${i}`, increments: new Map([[`bench:rel:ops`, new Map([['x.s', 1]])]]), ttlSeconds: 600 });
      opsDone++;
    }
  }));
  const [h] = await clients[0].readHashes(['bench:rel:ops']);
  console.log(`ops/s: ${Math.round(opsDone / 2)} exactly-once increment batches/s (4 sequential clients, one round trip each); server sum ${h['x.s']} = acknowledged ${opsDone}: ${Number(h['x.s']) === opsDone ? 'nothing lost' : 'MISMATCH'}`);
  for (const s of clients) await s.close();

  // Server killed mid-run (fsync-always AOF), restarted later.
  await admin.flushAll();
  await admin.close();
  const seqs = sequences(sites, 10, per, 11);
  let killedAt = -1; let restartedAt = -1;
  const mates = await replay(seqs, redis.url, {
    onRound: async (r, rounds) => {
      if (r === Math.floor(rounds / 3)) { await redis.kill(); killedAt = r; }
      if (r === Math.floor((2 * rounds) / 3)) { await redis.restart(); restartedAt = r; }
    },
  });
  const queuedAtEnd = mates.reduce((a, m) => a + m.team.status().queuedIncrements + m.team.status().queuedResults, 0);
  for (const m of mates) for (let i = 0; i < 400 && m.team.status().queuedIncrements + m.team.status().queuedResults > 0; i++) { await m.team.flush(); await sleep(10); }
  const t = totals(mates);
  const check = RedisTeamStore.open({ url: redis.url, timeoutMs: 2000 });
  await check.whenReady();
  const bucket = mates[0].team.keys.reliabilityBucket(Math.floor(Date.now() / mates[0].team.reliability.bucketMs));
  const cell = mates[0].team.keys.cell({ provider: 'openai-compatible/simulated', language: 'typescript', siteKind: 'empty-body' });
  const [rel] = await check.readHashes([bucket]);
  const stored = Number(rel[`${cell}.n`] ?? 0);
  const left = mates.reduce((a, m) => a + m.team.status().queuedIncrements + m.team.status().queuedResults, 0);
  console.log(`\nkill mid-run (N=10, killed at round ${killedAt}, restarted at round ${restartedAt} of ${per}): ${t.requests}/${seqs.flat().length} requests served, ${t.errors} errors; `
    + `hits ${f1(100 * (t.local + t.team) / t.requests)}%; ${queuedAtEnd} writes still queued at the end of the replay, ${left} after the resync; `
    + `outcomes recorded ${t.requests}, on the server ${stored} (${stored === t.requests ? 'nothing lost' : 'LOST ' + (t.requests - stored)}; a bucket boundary during the run would split this count)`);
  await check.close();
  await close(mates);
} finally {
  await redis.stop();
}

// Differential privacy beyond the team: Laplace noise on each period's published counts.
console.log('\nDP (simulated outcomes): 3 providers × 20 cells, true success rates 0.80/0.70/0.55 ± cell noise; 30 events per provider and cell per period;');
console.log('each org sees its own 5 events per cell plus the other orgs\' counts published with Laplace(1/ε) noise per count (λ = 0.5).');
console.log('ε per count per period   mean |posterior − true|   best provider ranked first');
for (const eps of [Infinity, 1, 0.5, 0.1, 0.02]) {
  const rnd = seededRandom(42);
  let err = 0; let best = 0; let cells = 0;
  for (let c = 0; c < 20; c++) {
    const rates = [0.8, 0.7, 0.55].map((p) => Math.min(0.98, Math.max(0.02, p + (rnd() - 0.5) * 0.1)));
    const means = rates.map((p) => {
      const draw = (k) => { let s = 0; for (let i = 0; i < k; i++) s += rnd() < p ? 1 : 0; return s; };
      const own = draw(5);
      const others = draw(30);
      const pub = eps === Infinity ? { s: others, f: 30 - others } : privatize({ s: others, f: 30 - others }, eps, rnd);
      const m = blend({ s: own, f: 5 - own }, { ...pub, n: 30 }, 0.5).mean;
      err += Math.abs(m - p);
      return m;
    });
    cells++;
    const truth = rates.indexOf(Math.max(...rates));
    if (means.indexOf(Math.max(...means)) === truth) best++;
  }
  console.log(`${String(eps).padEnd(24)} ${f3(err / (cells * 3)).padStart(24)}   ${f1((100 * best) / cells).padStart(5)}%`);
}
{
  const rnd = seededRandom(42);
  let err = 0; let best = 0;
  for (let c = 0; c < 20; c++) {
    const rates = [0.8, 0.7, 0.55].map((p) => Math.min(0.98, Math.max(0.02, p + (rnd() - 0.5) * 0.1)));
    const means = rates.map((p) => { let s = 0; for (let i = 0; i < 5; i++) s += rnd() < p ? 1 : 0; const m = blend({ s, f: 5 - s }, { s: 0, f: 0, n: 0 }, 0).mean; err += Math.abs(m - p); return m; });
    if (means.indexOf(Math.max(...means)) === rates.indexOf(Math.max(...rates))) best++;
  }
  console.log(`${'own evidence only'.padEnd(24)} ${f3(err / 60).padStart(24)}   ${f1((100 * best) / 20).padStart(5)}%`);
}

async function close(mates) {
  for (const m of mates) await m.close();
  return mates;
}
