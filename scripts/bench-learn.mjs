// npm run bench:learn -- [--events 2400] [--drift-at 1200] [--seeds 40] [--half-life 100]
// Learning from outcomes vs equal static weights on a SIMULATED stream whose provider
// reliabilities drift midway (scripts/bench/learn/simulate.mjs). Figures are means over
// independent seeded streams; the curve goes to test-artifacts/bench-learn/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVIDERS, runStream } from './bench/learn/simulate.mjs';
import { mean, meanCurve, recovery, rolling } from './bench/learn/metrics.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? Number(process.argv[i + 1]) : dflt; };
const events = arg('events', 2400);
const driftAt = arg('drift-at', Math.floor(events / 2));
const seeds = arg('seeds', 40);
const halfLife = arg('half-life', 100);
const pct = (x) => `${(100 * x).toFixed(1)}`.padStart(5);

const started = Date.now();
const runs = [];
for (let s = 1; s <= seeds; s++) runs.push(runStream({ seed: s, events, driftAt, halfLifeEvents: halfLife }));
const curves = Object.fromEntries(['learned', 'mean', 'static'].map((k) => [k, meanCurve(runs.map((r) => r.pass[k]))]));

console.log('NOTE: SIMULATED providers (scripts/bench/learn/simulate.mjs); this measures the learning method, not any model.');
console.log(`events ${events}, drift at event ${driftAt}, ${seeds} seeded streams, reliability half-life ${halfLife} events`);
console.log(`providers (reliability before -> after drift): ${PROVIDERS.map((p) => `${p.id} ${p.before}->${p.after}`).join(', ')}`);
console.log('learned = weighted vote with log-odds of the learned posterior mean; learned(mean) = vote weighted by the posterior mean itself; static = equal weights\n');
console.log('events       learned  learned(mean)  static  learned-static   (pass rate %, mean over seeds)');
for (let b = 0; b < events; b += 100) {
  const e = Math.min(events, b + 100);
  const l = mean(curves.learned, b, e); const m = mean(curves.mean, b, e); const s = mean(curves.static, b, e);
  console.log(`${String(b + 1).padStart(5)}-${String(e).padEnd(5)}  ${pct(l)}    ${pct(m)}       ${pct(s)}   ${((l - s) * 100 >= 0 ? '+' : '') + ((l - s) * 100).toFixed(1)}${b <= driftAt && driftAt < e ? '   <- drift' : ''}`);
}
const last = Math.min(1000, events - driftAt);
const lastMean = (k) => mean(curves[k], events - last);
const perSeedDiff = runs.map((r) => mean(r.pass.learned, events - last) - mean(r.pass.static, events - last));
const dMean = mean(perSeedDiff);
const dSd = Math.sqrt(perSeedDiff.reduce((s, d) => s + (d - dMean) ** 2, 0) / Math.max(1, perSeedDiff.length - 1));
console.log(`\nlast ${last} events: learned ${pct(lastMean('learned'))}%  learned(mean) ${pct(lastMean('mean'))}%  static ${pct(lastMean('static'))}%`);
console.log(`  learned - static = ${(100 * dMean).toFixed(1)} points (per-seed sd ${(100 * dSd).toFixed(1)}, ${perSeedDiff.filter((d) => d > 0).length}/${seeds} seeds positive)  target >= 5: ${100 * dMean >= 5 ? 'MET' : 'NOT MET'}`);
const rec = {};
for (const k of ['learned', 'mean', 'static']) {
  rec[k] = recovery(curves[k], driftAt);
  console.log(`recovery (${k.padEnd(7)}): post-drift steady state ${pct(rec[k].steady)}%, rolling-100 dip ${pct(rec[k].dip)}%, recovered ${rec[k].eventsToRecover} events after the drift`);
}
console.log('  recovery = events after the drift from which the rolling-100 pass rate (mean over seeds) stays within 2 points');
console.log(`  of the post-drift steady state (mean pass rate over the last 1000 events) to the end. target <= 300: ${rec.learned.eventsToRecover <= 300 ? 'MET' : 'NOT MET'}`);
console.log(`\nlearned reliability at the end of seed 1 (90% interval): ${runs[0].summary.providers.map((p) => `${p.providerId} ${p.mean.toFixed(2)} [${p.lower.toFixed(2)}, ${p.upper.toFixed(2)}]`).join(', ')}`);

const outDir = join(root, 'test-artifacts/bench-learn');
mkdirSync(outDir, { recursive: true });
const rl = rolling(curves.learned); const rm = rolling(curves.mean); const rs = rolling(curves.static);
const csv = ['event,learned,learned_mean,static,learned_rolling100,learned_mean_rolling100,static_rolling100'];
for (let t = 0; t < events; t++) csv.push([t + 1, curves.learned[t], curves.mean[t], curves.static[t], rl[t], rm[t], rs[t]].map((v) => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(4) : v)).join(','));
writeFileSync(join(outDir, 'curve.csv'), `${csv.join('\n')}\n`);
writeFileSync(join(outDir, 'summary.json'), JSON.stringify({
  simulated: true, events, driftAt, seeds, halfLife, providers: PROVIDERS,
  last: { events: last, learned: lastMean('learned'), learnedMean: lastMean('mean'), static: lastMean('static'), diff: dMean, diffSd: dSd },
  recovery: rec, per100: Array.from({ length: Math.ceil(events / 100) }, (_, i) => ({ from: i * 100 + 1, learned: mean(curves.learned, i * 100, Math.min(events, i * 100 + 100)), static: mean(curves.static, i * 100, Math.min(events, i * 100 + 100)) })),
}, null, 2));
console.log(`\nwrote test-artifacts/bench-learn/curve.csv and summary.json (${((Date.now() - started) / 1000).toFixed(1)} s)`);
