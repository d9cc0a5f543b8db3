#!/usr/bin/env node
/**
 * npm run bench:predict — predictive pre-generation, measured end to end.
 *
 * Replays scripted editing sessions (scripts/bench/predict/: a small service, a utility
 * module, a class implementing an interface) against the REAL language server process
 * (dist/server.js --stdio) over LSP. Providers are served by the local fake model server
 * (test/support/fakeModelServer.ts) behind a proxy adding a seeded 300-2000 ms latency per
 * request. Think time between actions is real waiting, scaled by BENCH_SCALE (default 0.5).
 * Prints: hit rate, p50/p95 round trip of hits and misses measured at the client, waste
 * ratio, tokens spent, peak server RSS (VmHWM), user-request latency with vs without
 * background work running, and whether any edit was computed against a stale version.
 * Interference with user requests is measured by a probe loop (bench/predict/probes.mjs: a
 * cache-hit request every 15-25 ms during the whole replay, as many again with the
 * background idle) and by the server's own event-loop monitor (PregenMetrics.mainThread).
 * Node options for the server: --server-node-options="--cpu-prof --cpu-prof-dir=DIR" or
 * BENCH_SERVER_NODE_OPTIONS; `--cpu-prof` alone profiles into $TMPDIR/weavergen-bench-prof and prints the
 * long blocks found in the profile (bench/predict/profBlocks.mjs).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeModelServer } from '../test/support/fakeModelServer.ts';
import { applyEdits, startServer } from './bench/predict/lspClient.mjs';
import { GenerateRequest } from '../server/src/protocol/index.ts';
import {
  CursorNotification, InlineCompletionRequest, PREGEN_CLIENT_CAPABILITY, PregenMetricsRequest, PregenStatusNotification,
} from '../server/src/protocol/pregen.ts';
import { BODIES, CIRCLE } from './bench/predict/bodies.mjs';
import { SESSIONS } from './bench/predict/sessions.mjs';
import { startLatencyProxy } from './bench/predict/latencyProxy.mjs';
import { seededRandom } from '../server/src/consensus/probeInputs.ts';
import { idleProbes, prepareProbe, PROBE_FILE, startProbeLoop } from './bench/predict/probes.mjs';
import { printMainThread, printProbes } from './bench/predict/report.mjs';
import { longBlocks } from './bench/predict/profBlocks.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(ROOT, 'scripts/bench/predict');
const SERVER_JS = path.join(ROOT, 'dist/server.js');
const SCALE = Number(process.env.BENCH_SCALE ?? 0.5);
const rand = seededRandom(7);
const think = (userSeconds) => sleep(Math.round(userSeconds * 1000 * SCALE));
const between = (a, b) => a + rand() * (b - a);
const PROBE_MODE = process.env.BENCH_PROBE === 'generate' ? 'generate' : 'inline';
const PROF_DIR = path.join(os.tmpdir(), 'weavergen-bench-prof');

/** Node options for the server process, from --server-node-options=... / BENCH_SERVER_NODE_OPTIONS / --cpu-prof. */
function serverNodeArgs(argv) {
  const args = [];
  const opt = argv.find((a) => a.startsWith('--server-node-options='))?.slice('--server-node-options='.length) ?? process.env.BENCH_SERVER_NODE_OPTIONS;
  if (opt) args.push(...opt.split(/\s+/).filter(Boolean));
  if (argv.includes('--cpu-prof')) {
    fs.rmSync(PROF_DIR, { recursive: true, force: true });
    args.push('--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`);
  }
  return args;
}

function percentile(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/** Background test jobs (testgen): a small node:test file for the function, importing it as the prompt says. */
function testAnswer(prompt) {
  const sym = /Write unit tests for the exported function `([\w$]+)`/.exec(prompt)?.[1];
  if (!sym) return undefined;
  const spec = new RegExp(`import \\{ ${sym} \\} from '([^']+)'`).exec(prompt)?.[1] ?? './index';
  return '```ts\n' + [
    "import { test } from 'node:test';", "import assert from 'node:assert/strict';", `import { ${sym} } from '${spec}';`, '',
    `test('${sym} is exported as a function', () => {`, `  assert.equal(typeof ${sym}, 'function');`, '});',
  ].join('\n') + '\n```';
}

function responder({ prompt }) {
  const tests = testAnswer(prompt);
  if (tests) return tests;
  const sym = /Task: write the body of `([\w$]+)`/.exec(prompt)?.[1] ?? /inside `([\w$]+)`/.exec(prompt)?.[1];
  const circle = /Intent:.*circle/i.test(prompt);
  const body = (circle && CIRCLE[sym]) || BODIES[sym] || 'return undefined as never;';
  return '```ts\n' + body + '\n```';
}

/** Position inside the body of the nth function/method named `name`. */
function siteOf(text, name, nth = 0) {
  const lines = text.split('\n');
  const re = new RegExp(`(function\\s+${name}\\b|^\\s+${name}\\s*\\().*\\{\\s*$`);
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (re.test(lines[i]) && seen++ === nth) return { line: i + 1, character: Math.min(2, lines[i + 1].length) };
  }
  throw new Error(`no site ${name}#${nth}`);
}

async function main() {
  if (!fs.existsSync(SERVER_JS)) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const t0 = Date.now();
  const fake = await startFakeModelServer({ models: ['bench-coder'] });
  fake.setResponder(responder);
  const proxy = await startLatencyProxy(fake.url, { minMs: 300, maxMs: 2000, seed: 42 });
  const client = await startServer(SERVER_JS, {
    settings: {
      providers: [{ id: 'local', kind: 'openai-compatible', model: 'bench-coder', baseURL: proxy.baseURL }],
      detectLocalServers: false, replayDemo: 'never', maxRetries: 0, requestTimeoutMs: 20000,
    },
    capabilities: { experimental: { [PREGEN_CLIENT_CAPABILITY]: true } },
    trusted: true,
    nodeArgs: serverNodeArgs(process.argv.slice(2)),
  });
  let status = { running: 0, queued: 0 };
  client.conn.onNotification(PregenStatusNotification, (m) => { status = m; });
  const probeUri = `file:///bench/${PROBE_FILE}`;
  const firstOpenAt = Date.now();
  await prepareProbe(client, probeUri, fs.readFileSync(path.join(FIXTURES, PROBE_FILE), 'utf8'), { mode: PROBE_MODE });
  if (process.env.BENCH_COLD_ONLY) { // cold start alone: the first background model request after the first open
    while (!proxy.stats.firstModelAt && Date.now() - firstOpenAt < 60_000) await sleep(10);
    console.log(`cold start: first model request ${proxy.stats.firstModelAt ? proxy.stats.firstModelAt - firstOpenAt : '>60000'} ms after the first file opened`);
    await client.close();
    await proxy.close();
    await fake.close?.();
    process.exit(0);
  }
  const probeRand = seededRandom(11);
  const probeLoop = startProbeLoop(client, probeUri, {
    rand: probeRand, mode: PROBE_MODE,
    state: () => (status.foreground > 0 ? 'foreground' : status.running > 0 || status.queued > 0 ? 'busy' : 'quiet'),
  });

  const requests = []; // { file, site, ms, fromCache, stale, busy }
  const probes = []; // { ms, busy }
  let staleEdits = 0;

  for (const session of SESSIONS) {
    const uri = `file:///bench/${session.file}`;
    let text = fs.readFileSync(path.join(FIXTURES, session.file), 'utf8');
    let version = 1;
    const change = (next) => {
      text = next;
      client.change(uri, ++version, [{ text }]);
    };
    client.open(uri, text, version);
    await think(between(3, 5)); // reading the file

    for (const step of session.steps) {
      if (step.editAbove) {
        change(`// reviewed ${version}\n${text}`);
        await think(between(1, 2));
      }
      if (step.renameParam) {
        const at = siteOf(text, step.ask, step.nth ?? 0);
        const lines = text.split('\n');
        lines[at.line - 1] = lines[at.line - 1].replace(new RegExp(`\\b${step.renameParam[0]}\\b`), step.renameParam[1]);
        change(lines.join('\n'));
        await think(between(2, 3));
      }
      const position = siteOf(text, step.ask, step.nth ?? 0);
      await client.conn.sendNotification(CursorNotification, { textDocument: { uri, version }, position });
      await think(between(3, 6)); // reading the signature, deciding to ask

      const busy = status.running > 0;
      let s = performance.now();
      await client.conn.sendRequest(InlineCompletionRequest, { textDocument: { uri, version }, position });
      probes.push({ ms: performance.now() - s, busy });

      const asked = version;
      s = performance.now();
      const r = await client.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: asked }, position });
      const ms = performance.now() - s;
      const stale = r.edit.textDocument.version !== asked || asked !== version;
      if (stale) staleEdits++;
      requests.push({ file: session.file, site: `${step.ask}${step.nth ? `#${step.nth}` : ''}`, ms, fromCache: r.fromCache === true, busy, quality: r.quality?.score });
      change(applyEdits(text, r.edit.edits)); // accept
      await think(between(1, 2));
    }
  }
  const replayProbes = await probeLoop.stop();
  for (let m = await client.conn.sendRequest(PregenMetricsRequest, undefined); m.running || m.queued;) {
    await sleep(100); // let the last background jobs finish before the idle probes
    m = await client.conn.sendRequest(PregenMetricsRequest, undefined);
  }
  const idle = await idleProbes(client, probeUri, Math.max(200, replayProbes.filter((p) => p.tag === 'busy').length), { rand: probeRand, mode: PROBE_MODE });
  await sleep(50);
  const metrics = await client.conn.sendRequest(PregenMetricsRequest, undefined);
  const procStatus = fs.readFileSync(`/proc/${client.proc.pid}/status`, 'utf8');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(procStatus)?.[1];
  const rss = /VmRSS:\s+(\d+) kB/.exec(procStatus)?.[1];
  await client.close();
  await proxy.close();
  await fake.close();

  const hits = requests.filter((r) => r.fromCache).map((r) => r.ms);
  const misses = requests.filter((r) => !r.fromCache).map((r) => r.ms);
  const busyProbe = probes.filter((p) => p.busy).map((p) => p.ms);
  const idleProbe = probes.filter((p) => !p.busy).map((p) => p.ms);
  const busyHits = requests.filter((r) => r.fromCache && r.busy).map((r) => r.ms);
  const idleHits = requests.filter((r) => r.fromCache && !r.busy).map((r) => r.ms);
  const hitRate = hits.length / requests.length;

  console.log('\nbench:predict — predictive pre-generation over LSP stdio (dist/server.js), fake model at 300-2000 ms/request');
  console.log(`sessions: ${SESSIONS.length} (${SESSIONS.map((s) => s.file).join(', ')}), generation requests: ${requests.length}, think-time scale ${SCALE}`);
  console.log('');
  for (const r of requests) console.log(`  ${r.file.padEnd(11)} ${r.site.padEnd(15)} ${r.fromCache ? 'HIT ' : 'miss'} ${fmt(r.ms).padStart(9)} ms  quality ${r.quality ?? '-'}${r.busy ? '  (background busy)' : ''}`);
  console.log('');
  console.log(`hit rate (client):            ${(hitRate * 100).toFixed(1)}%  (${hits.length}/${requests.length})   target >= 70%`);
  console.log(`hit  round trip p50 / p95:    ${fmt(percentile(hits, 50))} / ${fmt(percentile(hits, 95))} ms   target <= 2 / 5 ms`);
  console.log(`miss round trip p50 / p95:    ${fmt(percentile(misses, 50), 0)} / ${fmt(percentile(misses, 95), 0)} ms`);
  console.log(`waste ratio (server):         ${(metrics.wasteRatio * 100).toFixed(1)}%  (${metrics.wastedTokens} of ${metrics.tokensSpent} tokens never served)   target <= 40%`);
  console.log(`tokens spent:                 ${metrics.tokensSpent}`);
  console.log(`cold start:                   first model request ${proxy.stats.firstModelAt ? proxy.stats.firstModelAt - firstOpenAt : 'never'} ms after the first file opened`);
  console.log(`background jobs:              ${metrics.jobs.completed} completed, ${metrics.jobs.cancelled} cancelled, ${metrics.jobs.skipped} skipped, ${metrics.jobs.failed} failed; model requests ${proxy.stats.requests}, aborted ${proxy.stats.abortedWhileHeld + proxy.stats.abortedInFlight}`);
  if (metrics.lastSkip) console.log(`last skipped job:             ${metrics.lastSkip}`);
  console.log(`cache at end:                 ${metrics.cacheEntries} entries, ${metrics.cacheBytes} bytes`);
  console.log(`server peak RSS (VmHWM):      ${hwm ? (Number(hwm) / 1024).toFixed(1) : '?'} MiB (VmRSS at end ${rss ? (Number(rss) / 1024).toFixed(1) : '?'} MiB)`);
  console.log(`user request RTT, background running vs idle (cache lookup probe, weavergen/inlineCompletion):`);
  console.log(`                              busy p50/p95 ${fmt(percentile(busyProbe, 50))}/${fmt(percentile(busyProbe, 95))} ms (n=${busyProbe.length}) · idle p50/p95 ${fmt(percentile(idleProbe, 50))}/${fmt(percentile(idleProbe, 95))} ms (n=${idleProbe.length})`);
  console.log(`hits, background running vs idle: busy p50/max ${fmt(percentile(busyHits, 50))}/${fmt(Math.max(...busyHits))} ms (n=${busyHits.length}) · idle p50/max ${fmt(percentile(idleHits, 50))}/${fmt(Math.max(...idleHits))} ms (n=${idleHits.length})`);
  console.log(`edits computed against a stale version: ${staleEdits === 0 ? 'none' : staleEdits}`);
  console.log(`server-side hit latency p50/p95: ${fmt(metrics.hitLatencyMs.p50, 3)}/${fmt(metrics.hitLatencyMs.p95, 3)} ms; wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log('');
  printProbes(replayProbes, idle, PROBE_MODE);
  console.log('');
  printMainThread(metrics.mainThread);
  if (process.argv.includes('--cpu-prof') && fs.existsSync(PROF_DIR)) printProfile(PROF_DIR);
}

/** The main thread's long blocks found in the server's CPU profile (the largest .cpuprofile). */
function printProfile(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f));
  if (!files.length) return;
  const file = files.find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)) ?? files[0]; // thread 0: the main thread
  const blocks = longBlocks(JSON.parse(fs.readFileSync(file, 'utf8')), 10);
  console.log(`\nCPU profile ${path.relative(ROOT, file)}: ${blocks.length} main-thread runs >= 10 ms (details: node scripts/bench/predict/profBlocks.mjs ${path.relative(ROOT, dir)})`);
  for (const b of blocks.slice(0, 12)) console.log(`  ${fmt(b.ms, 1).padStart(7)} ms  ${b.dominant.slice(-4).join(' > ') || '(mixed)'}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
