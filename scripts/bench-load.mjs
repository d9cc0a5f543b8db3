#!/usr/bin/env node
/**
 * npm run bench:load — `weavergen/generate` under concurrent load, end to end.
 *
 * Starts the REAL language server (dist/server.js --stdio, built first if missing) with
 * one provider served by the local fake model server (test/support/fakeModelServer.ts,
 * test infrastructure, BENCH_LOAD_LATENCY_MS per answer, default 200), a trusted workspace
 * (candidates run in the sandbox) and pre-generation off (every request is a cache miss).
 * Opens DOCS documents of SITES_PER_DOC stub functions each, then for each level of
 * concurrency c in 1, 10, 50, 200 keeps c requests in flight (closed loop) until
 * max(c, BENCH_LOAD_MIN_REQUESTS = 20) requests are answered, each at a distinct site so
 * nothing is superseded. A last run fires SUPERSEDE_SITES x 4 requests at once, four per
 * site in order, so the three older requests of each site are superseded by the newest.
 * Prints throughput (answered requests/s), p50/p95/max latency measured at the client,
 * counts of answered / cancelled / failed requests, and the machine load (os.loadavg)
 * before and after each run. Bounded: at most ~500 requests in all.
 * Environment: BENCH_LOAD_LEVELS (default 1,10,50,200), BENCH_LOAD_MIN_REQUESTS,
 * BENCH_LOAD_LATENCY_MS, BENCH_LOAD_SUPERSEDE=0 (skip the supersede run).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startFakeModelServer } from '../test/support/fakeModelServer.ts';
import { startServer } from './bench/predict/lspClient.mjs';
import { GenerateRequest } from '../server/src/protocol/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_JS = path.join(ROOT, 'dist/server.js');
const LEVELS = (process.env.BENCH_LOAD_LEVELS ?? '1,10,50,200').split(',').map(Number).filter((n) => n > 0);
const MIN_REQUESTS = Number(process.env.BENCH_LOAD_MIN_REQUESTS ?? 20);
const LATENCY_MS = Number(process.env.BENCH_LOAD_LATENCY_MS ?? 200);
const SUPERSEDE = process.env.BENCH_LOAD_SUPERSEDE !== '0';
const DOCS = 8;
const SITES_PER_DOC = 30;
const SUPERSEDE_SITES = 25;
const PER_SITE = 4;

/** A document of stub functions `f<doc>_<i>(x)`; the model answers `return x + i;`. */
function documentText(d) {
  const parts = [];
  for (let i = 0; i < SITES_PER_DOC; i++) {
    parts.push(`/** Returns x plus ${i}. */`, `export function f${d}_${i}(x: number): number {`, '  // TODO', '}', '');
  }
  return parts.join('\n');
}

/** Every site: its document and the position inside its body. */
function sites() {
  const out = [];
  for (let i = 0; i < SITES_PER_DOC; i++) {
    for (let d = 0; d < DOCS; d++) out.push({ uri: `file:///bench/load/doc${d}.ts`, position: { line: i * 5 + 2, character: 2 } });
  }
  return out;
}

function responder({ prompt }) {
  const n = /write the body of `f\d+_(\d+)`/.exec(prompt)?.[1] ?? /`f\d+_(\d+)`/.exec(prompt)?.[1] ?? '0';
  return '```ts\nreturn x + ' + n + ';\n```';
}

function percentile(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

const isCancelled = (e) => e?.code === -32800 || e?.data?.code === 'cancelled';

/** One request; resolves with its outcome and latency, never rejects. */
async function request(client, site) {
  const t0 = performance.now();
  try {
    await client.conn.sendRequest(GenerateRequest, { textDocument: { uri: site.uri }, position: site.position });
    return { status: 'answered', ms: performance.now() - t0 };
  } catch (e) {
    return { status: isCancelled(e) ? 'cancelled' : 'failed', ms: performance.now() - t0, error: e?.message ?? String(e) };
  }
}

/** Keeps `concurrency` requests in flight until `total` have settled, each at the next distinct site. */
async function closedLoop(client, all, concurrency, total, start) {
  let next = 0;
  const outcomes = [];
  const worker = async () => {
    while (next < total) {
      const site = all[(start + next++) % all.length];
      outcomes.push(await request(client, site));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}

/** PER_SITE requests per site, all sent at once, oldest first: only the newest of each site should be answered. */
function supersedeBurst(client, all) {
  const burst = [];
  for (let s = 0; s < SUPERSEDE_SITES; s++) for (let k = 0; k < PER_SITE; k++) burst.push(request(client, all[s]));
  return Promise.all(burst);
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

function row(name, concurrency, outcomes, wallMs, loadBefore, loadAfter) {
  const answered = outcomes.filter((o) => o.status === 'answered');
  const ms = answered.map((o) => o.ms);
  return {
    name, concurrency, requests: outcomes.length, answered: answered.length,
    cancelled: outcomes.filter((o) => o.status === 'cancelled').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    throughput: answered.length / (wallMs / 1000), p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms),
    wallMs, loadBefore, loadAfter,
    firstError: outcomes.find((o) => o.status === 'failed')?.error,
  };
}

function printTable(rows) {
  const head = ['run', 'conc', 'req', 'ok', 'cancel', 'fail', 'req/s', 'p50 ms', 'p95 ms', 'max ms', 'wall s', 'loadavg before', 'loadavg after'];
  const lines = rows.map((r) => [
    r.name, r.concurrency, r.requests, r.answered, r.cancelled, r.failed, fmt(r.throughput, 2), fmt(r.p50), fmt(r.p95), fmt(r.max),
    fmt(r.wallMs / 1000, 1), r.loadBefore, r.loadAfter,
  ].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const out = (cells) => console.log(cells.map((c, i) => c.padStart(widths[i])).join('  '));
  out(head);
  for (const l of lines) out(l);
  for (const r of rows) if (r.firstError) console.log(`${r.name}/${r.concurrency}: first failure: ${r.firstError}`);
}

async function main() {
  if (!fs.existsSync(SERVER_JS)) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  console.log(`bench:load on ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, loadavg ${load()}`);
  console.log(`fake model latency ${LATENCY_MS} ms, pre-generation off, trusted workspace (candidates executed)`);
  const fake = await startFakeModelServer({ models: ['bench-coder'], latencyMs: LATENCY_MS });
  fake.setResponder(responder);
  const client = await startServer(SERVER_JS, {
    settings: {
      providers: [{ id: 'local', kind: 'openai-compatible', model: 'bench-coder', baseURL: fake.openaiBaseURL }],
      detectLocalServers: false, replayDemo: 'never', maxRetries: 0, requestTimeoutMs: 120000,
      orchestra: { providerDeadlineMs: 120000, overallDeadlineMs: 120000 },
      pregeneration: { enabled: false }, learning: { enabled: false }, repair: { enabled: false },
    },
    capabilities: {},
    trusted: true,
  });
  const all = sites();
  for (let d = 0; d < DOCS; d++) client.open(`file:///bench/load/doc${d}.ts`, documentText(d), 1);
  const warm = await request(client, all[all.length - 1]);
  if (warm.status !== 'answered') throw new Error(`warm-up request ${warm.status}: ${warm.error}`);
  const rows = [];
  let start = 0;
  for (const c of LEVELS) {
    const total = Math.max(c, MIN_REQUESTS);
    const before = load();
    const t0 = performance.now();
    const outcomes = await closedLoop(client, all, c, total, start);
    rows.push(row('distinct', c, outcomes, performance.now() - t0, before, load()));
    start += total;
    console.log(`  done: ${c} concurrent, ${total} requests`);
  }
  if (SUPERSEDE) {
    const before = load();
    const t0 = performance.now();
    const outcomes = await supersedeBurst(client, all);
    rows.push(row('supersede', SUPERSEDE_SITES * PER_SITE, outcomes, performance.now() - t0, before, load()));
  }
  console.log('');
  printTable(rows);
  console.log(`\nthroughput = answered requests / wall time; latency = answered requests only, measured at the client.`);
  if (SUPERSEDE) console.log(`supersede: ${SUPERSEDE_SITES} sites x ${PER_SITE} requests sent at once; expected ${SUPERSEDE_SITES} answered and ${SUPERSEDE_SITES * (PER_SITE - 1)} cancelled when superseding works.`);
  await client.close();
  await fake.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
