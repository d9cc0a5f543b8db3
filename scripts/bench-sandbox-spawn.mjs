// Main-thread stalls caused by starting sandboxed children: in-process spawn (the fork of this
// big process runs on the main thread) vs the spawner helper (the fork runs in the helper).
// A 1 ms interval timer measures how late the main thread is while N trivial runs go one by one.
// Usage: node scripts/bench-sandbox-spawn.mjs [runs=40] [heapMb=230]  (rss ends near 400 MB)
import { tsImport } from 'tsx/esm/api';

const runs = Number(process.argv[2] ?? 40);
const heapMb = Number(process.argv[3] ?? 230);
const sb = await tsImport('../server/src/sandbox/index.ts', import.meta.url);

// A realistic language-server heap: long-lived JS objects plus buffers, all touched.
const keep = [];
for (let mb = 0; mb < heapMb * 0.4; mb += 8) keep.push(Array.from({ length: 8 * 1024 * 1024 / 48 }, (_, i) => ({ i, s: `k${i}` })));
for (let mb = 0; mb < heapMb * 0.6; mb += 16) keep.push(Buffer.alloc(16 * 1024 * 1024, mb & 0xff));
globalThis.__keep = keep;
const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : 0;
};

/** Runs `once` N times sequentially while a 1 ms timer records its own lateness. */
async function measure(once) {
  const late = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    late.push(Math.max(0, now - last - 1));
    last = now;
  }, 1);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await once();
    if (r.outcome !== 'ok') throw new Error(`run failed: ${r.outcome} ${r.stderr}`);
    times.push(performance.now() - t0);
  }
  clearInterval(timer);
  return { max: Math.max(...late), p99: quantile(late, 0.99), stalls: late.filter((x) => x >= 10).length, p50run: quantile(times, 0.5), via: undefined };
}

const job = { files: { 'a.js': 'console.log(1)' }, entry: 'a.js' };
await sb.getIsolation();
const spawner = sb.getSandboxSpawner();
// Warm-up (not measured): the isolation probe, and the helper's own one-time start.
await sb.runSandboxed({ ...job, spawner: 'in-process' });
const t0 = performance.now();
const warm = await sb.runSandboxed({ ...job, spawner });
const helperStartMs = performance.now() - t0;
if (warm.launch?.via !== 'spawner') throw new Error(`the spawner is not in use: ${warm.launch?.reason}`);

console.log(`rss ${rssMb()} MB, ${runs} sequential runs of a trivial program per path, layers: ${warm.layers.join(', ')}`);
const inProc = await measure(() => sb.runSandboxed({ ...job, spawner: 'in-process' }));
const helper = await measure(() => sb.runSandboxed({ ...job, spawner }));
const row = (name, a, b, unit = 'ms') => console.log(`${name.padEnd(28)} ${`${a}${unit}`.padStart(12)} ${`${b}${unit}`.padStart(12)}`);
console.log(`${''.padEnd(28)} ${'in-process'.padStart(12)} ${'spawner'.padStart(12)}`);
row('main-thread stall max', inProc.max.toFixed(1), helper.max.toFixed(1));
row('main-thread stall p99', inProc.p99.toFixed(1), helper.p99.toFixed(1));
row('stalls >= 10 ms (count)', inProc.stalls, helper.stalls, '');
row('run latency p50', inProc.p50run.toFixed(1), helper.p50run.toFixed(1));
console.log(`(one-time helper start, first run included: ${helperStartMs.toFixed(0)} ms; helper pid ${spawner.pid})`);
sb.resetSandboxSpawner();
