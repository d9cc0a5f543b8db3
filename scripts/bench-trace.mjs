// npm run bench:trace
// Tracing overhead, measured in-process (no timed assertions anywhere; figures only):
//  1. a cache-hit-like request path (find the site, build the prompt, hash it, look it up
//     in a warm cache) inside the same spans a real request opens (root `weavergen.generate`,
//     `weavergen.context`, `weavergen.cache.lookup`), tracing on vs off: medians and ratio.
//     Requests are timed from call to result; the event loop turns between requests (as in
//     the server), which is when the store serializes ended spans — that work is in (2);
//  2. per-span cost: create + attributes + end + serialize + store, over 10k spans;
//  3. the span store's byte cap while pushing 50k spans (max bytes ever held);
//  4. the real thing: the round trip of a cache-hit `weavergen/generate` over LSP stdio against
//     dist/server.js, two server processes (one started with WEAVERGEN_TRACING=off, the
//     diagnostic no-op switch), requests alternating between them: medians and ratio.
// Flags: --iterations --rounds --spans --store-spans --lsp-requests N (default 600) --only-lsp --skip-lsp --cpu-prof-dir DIR
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Telemetry, WG } from '../server/src/telemetry/index.ts';
import { findSite } from '../server/src/context/siteFinder.ts';
import { buildPrompt } from '../server/src/context/promptBuilder.ts';
import { GenerateRequest } from '../server/src/protocol/index.ts';
import { PREGEN_CLIENT_CAPABILITY, PregenStatusNotification } from '../server/src/protocol/pregen.ts';
import { TracesRequest } from '../server/src/protocol/traces.ts';
import { startFakeModelServer } from '../test/support/fakeModelServer.ts';
import {
  createProtocolConnection, DidOpenTextDocumentNotification, ExitNotification, InitializedNotification, InitializeRequest,
  ShutdownRequest, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? Number(process.argv[i + 1]) : dflt; };
const ITER = arg('iterations', 1000);
const ROUNDS = arg('rounds', 4);
const SPANS = arg('spans', 10_000);
const STORE_SPANS = arg('store-spans', 50_000);
const LSP_REQUESTS = arg('lsp-requests', 600);
const ONLY_LSP = process.argv.includes('--only-lsp');
const SKIP_LSP = process.argv.includes('--skip-lsp');
/** --cpu-prof-dir DIR: write a CPU profile of each server process (for finding where time goes). */
const PROF_DIR = process.argv.includes('--cpu-prof-dir') ? resolve(process.argv[process.argv.indexOf('--cpu-prof-dir') + 1]) : '';

// A realistic document: a real source file of this repository with an intent comment at the end.
const base = readFileSync(resolve(root, 'server/src/generation/providerSet.ts'), 'utf8');
const text = `${base}\n// weaver: a function that returns the number of enabled providers\n`;
const position = { line: text.split('\n').length - 2, character: 5 };
const file = 'providerSet.ts';

const cache = new Map();
function requestPath(t) {
  return t.withSpan('weavergen.generate', { [WG.fileUri]: 'file:///bench/providerSet.ts' }, async (span) => {
    const prompt = await t.withSpan('weavergen.context', {}, async (s) => {
      const found = findSite(text, file, { position });
      const built = buildPrompt(text, file, found, 2000);
      s.set({ [WG.siteKind]: found.site.kind });
      return built;
    });
    const hit = await t.withSpan('weavergen.cache.lookup', {}, async (s) => {
      const key = createHash('sha256').update(prompt.system).update(prompt.user).digest('hex');
      let v = cache.get(key);
      if (!v) cache.set(key, (v = { code: 'return 1;' }));
      s.set({ [WG.cacheHit]: true });
      return v;
    });
    span.set({ [WG.cacheHit]: true, [WG.providerId]: 'cache' });
    return hit;
  });
}

async function medianMs(t, n) {
  const times = new Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await requestPath(t);
    times[i] = performance.now() - t0;
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)];
}

const fmt = (n, d = 3) => n.toFixed(d);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
console.log(`bench:trace  node ${process.version}  ${process.platform}/${process.arch}`);

if (!ONLY_LSP) {
  // 1. Request path, tracing off vs on. A first "off" run happens before any AsyncLocalStorage is used
  // (an untraced process); then off and on requests are interleaved one by one (ABAB…, the order
  // flipping every request) so machine noise and JIT drift hit both sides alike.
  const off = new Telemetry({ enabled: false });
  const on = new Telemetry();
  // Between requests the event loop turns, as it does in the server between two LSP messages; that is
  // when ended spans are serialized into the store (off the request's path). Not timed, either side.
  const turn = () => new Promise((r) => setImmediate(r));
  async function timed(t) {
    const t0 = performance.now();
    await requestPath(t);
    const ms = performance.now() - t0;
    await turn();
    return ms;
  }
  const clean = [];
  for (let i = 0; i < 300; i++) await timed(off);
  for (let i = 0; i < ITER; i++) clean.push(await timed(off));
  for (let i = 0; i < 300; i++) { await timed(on); await timed(off); }
  const onTimes = [];
  const offTimes = [];
  for (let i = 0; i < ITER * ROUNDS; i++) {
    if (i % 2 === 0) { onTimes.push(await timed(on)); offTimes.push(await timed(off)); }
    else { offTimes.push(await timed(off)); onTimes.push(await timed(on)); }
  }
  const offClean = median(clean);
  const onMs = median(onTimes);
  const offMs = median(offTimes);
  console.log(`\n1. cache-hit-like request path (site + prompt + hash + lookup, 3 spans per request), ${ITER * ROUNDS} requests each way, interleaved`);
  console.log(`   median, untraced process:  ${fmt(offClean)} ms`);
  console.log(`   median, tracing off:       ${fmt(offMs)} ms`);
  console.log(`   median, tracing on:        ${fmt(onMs)} ms`);
  console.log(`   overhead: on/off = ${fmt(onMs / offMs)} (${fmt((onMs / offMs - 1) * 100, 1)}%); on/untraced = ${fmt(onMs / offClean)} (${fmt((onMs / offClean - 1) * 100, 1)}%)`);

  // 2. Per-span cost: ROUNDS rounds of SPANS spans after a warm-up round; each round ends by
  // draining the store (every span serialized and stored inside the timed region). Median of rounds.
  const t2 = new Telemetry();
  const attrs = { 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'weavergen.provider.id': 'openai', 'gen_ai.operation.name': 'chat' };
  const perSpan = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const root2 = t2.startSpan('root', {}, { parent: null });
    const p0 = performance.now();
    for (let i = 0; i < SPANS; i++) {
      const s = t2.startSpan('gen_ai.chat', attrs, { parent: root2 });
      s.set({ 'gen_ai.usage.input_tokens': 812, 'gen_ai.usage.output_tokens': 64, 'gen_ai.response.finish_reasons': ['stop'], 'weavergen.latency_ms': 950 });
      s.ok();
      s.end();
    }
    void t2.store; // drains: every span serialized and stored, inside the timed region
    if (round > 0) perSpan.push(((performance.now() - p0) * 1000) / SPANS);
    root2.end();
  }
  console.log(`\n2. per-span cost (create + 8 attributes + status + end + serialize + store), ${ROUNDS} rounds of ${SPANS} spans after a warm-up round`);
  console.log(`   median ${fmt(median(perSpan), 2)} µs per span (rounds: ${perSpan.map((x) => fmt(x, 1)).join(', ')})`);

  // 3. Store bound.
  const cap = 8 * 1024 * 1024;
  const t3 = new Telemetry({ settings: { maxStoreBytes: cap } });
  let maxSeen = 0;
  let over = 0;
  let traceRoot = t3.startSpan('weavergen.generate', {}, { parent: null });
  for (let i = 0; i < STORE_SPANS; i++) {
    if (i % 10 === 0) {
      traceRoot.end();
      traceRoot = t3.startSpan('weavergen.generate', { i }, { parent: null });
    }
    const s = t3.startSpan('gen_ai.chat', { ...attrs, pad: 'p'.repeat(i % 400) }, { parent: traceRoot });
    s.end();
    if (t3.store.bytes > maxSeen) maxSeen = t3.store.bytes;
    if (t3.store.bytes > cap) over++;
  }
  traceRoot.end();
  console.log(`\n3. span store under ${STORE_SPANS} spans (cap ${cap} bytes)`);
  console.log(`   max bytes observed ${maxSeen} (${fmt((maxSeen / cap) * 100, 1)}% of cap), times over cap: ${over}, peak ${t3.store.peakBytes}, traces held ${t3.store.traceCount}, traces evicted ${t3.store.evictedTraces}`);
}

// 4. Cache-hit round trip over LSP stdio against the real server bundle, tracing on vs off.
const SOURCE = [
  '/** Adds two numbers. add(1, 2) // => 3 */',
  'export function add(a: number, b: number): number {',
  '}',
  '',
].join('\n');
const IN_BODY = { line: 1, character: 52 };

/** `node dist/server.js --stdio` with its own env and storage dir (traces persisted, as in the editor). */
async function startLsp(serverJs, { tracing, settings, storagePath }) {
  const env = { ...process.env, WEAVERGEN_TRACING: tracing ? 'on' : 'off' };
  delete env.OPENAI_API_KEY;
  delete env.ANTHROPIC_API_KEY;
  const prof = PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROF_DIR, tracing ? 'tracing-on' : 'tracing-off')}`] : [];
  const proc = spawn(process.execPath, [...prof, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
  proc.stderr.resume();
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onRequest('workspace/configuration', () => [null]);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification('window/showMessage', () => undefined);
  conn.onNotification('window/logMessage', () => undefined);
  let status;
  const waiters = new Set();
  conn.onNotification(PregenStatusNotification, (m) => { status = m; for (const w of waiters) w(); });
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: null, capabilities: { experimental: { [PREGEN_CLIENT_CAPABILITY]: true } },
    initializationOptions: { settings, trusted: true, storagePath },
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return {
    conn, proc,
    /** Resolves once a status notification satisfies `pred` (no polling, no sleeps). */
    until: (pred) => new Promise((resolve) => {
      if (status && pred(status)) return resolve(status);
      const w = () => { if (pred(status)) { waiters.delete(w); resolve(status); } };
      waiters.add(w);
    }),
    async close() {
      const exited = once(proc, 'exit');
      await conn.sendRequest(ShutdownRequest.type);
      await conn.sendNotification(ExitNotification.type);
      await exited;
      conn.dispose();
    },
  };
}

if (!SKIP_LSP) {
  const serverJs = resolve(root, 'dist/server.js');
  if (!existsSync(serverJs)) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  const fake = await startFakeModelServer({ models: ['bench-coder'] });
  fake.setReply('```ts\nreturn a + b;\n```');
  const settings = {
    providers: [{ id: 'local', kind: 'openai-compatible', model: 'bench-coder', baseURL: fake.openaiBaseURL }],
    detectLocalServers: false, replayDemo: 'never', maxRetries: 0,
  };
  const dirs = [];
  const servers = {};
  for (const tracing of [true, false]) {
    const storagePath = mkdtempSync(resolve(tmpdir(), 'weavergen-bench-trace-'));
    dirs.push(storagePath);
    servers[tracing ? 'on' : 'off'] = await startLsp(serverJs, { tracing, settings, storagePath });
  }
  const uri = 'file:///bench/add.ts';
  const params = { textDocument: { uri, version: 1 }, position: IN_BODY };
  for (const s of Object.values(servers)) {
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
    await s.until((m) => m.cacheEntries >= 1 && m.running === 0 && m.queued === 0);
    const first = await s.conn.sendRequest(GenerateRequest, params);
    if (first.fromCache !== true) throw new Error('bench:trace: the pre-generated entry was not served from the cache');
  }
  const roundTrip = async (s) => {
    const t0 = performance.now();
    const r = await s.conn.sendRequest(GenerateRequest, params);
    const ms = performance.now() - t0;
    if (r.fromCache !== true) throw new Error('bench:trace: a request missed the cache');
    return ms;
  };
  const times = { on: [], off: [] };
  const WARM = Math.min(200, LSP_REQUESTS);
  for (let i = 0; i < WARM + LSP_REQUESTS; i++) {
    // Alternate servers request by request, flipping which goes first every pair.
    const order = i % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
    for (const k of order) {
      const ms = await roundTrip(servers[k]);
      if (i >= WARM) times[k].push(ms);
    }
  }
  const onTraces = await servers.on.conn.sendRequest(TracesRequest, { limit: 5 });
  const offTraces = await servers.off.conn.sendRequest(TracesRequest, { limit: 5 });
  for (const s of Object.values(servers)) await s.close();
  await fake.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  const on4 = median(times.on);
  const off4 = median(times.off);
  console.log(`\n4. cache-hit weavergen/generate over LSP stdio (dist/server.js), ${LSP_REQUESTS} requests per server after ${WARM} warm-up, alternating`);
  console.log(`   tracing off (WEAVERGEN_TRACING=off): median ${fmt(off4)} ms  p90 ${fmt(pct(times.off, 0.9))} ms`);
  console.log(`   tracing on  (default):               median ${fmt(on4)} ms  p90 ${fmt(pct(times.on, 0.9))} ms`);
  console.log(`   overhead: on/off = ${fmt(on4 / off4)} (${fmt((on4 / off4 - 1) * 100, 1)}%), ${fmt((on4 - off4) * 1000, 1)} µs per request (2 spans: weavergen.generate + weavergen.cache.lookup)`);
  console.log(`   sanity: traces listed by the tracing server ${onTraces.length}${onTraces[0] ? ` (latest: ${onTraces[0].name}, ${onTraces[0].spanCount} spans)` : ''}; by the no-op server ${offTraces.length}`);
}
