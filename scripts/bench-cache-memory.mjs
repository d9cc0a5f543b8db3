// `npm run bench:cache-memory`: memory of the snippet cache when it is full. Fills a
// SnippetCache at its shipped byte cap (weavergen.pregeneration.cacheMaxBytes, 8 MiB) with
// realistic generation results (code, site, providers, quality, consensus with probes) until
// it evicts, then reports the cache's own byte count and the process's heap and RSS growth.
// Run with --expose-gc (the npm script does) so the figures are after garbage collection.
// Then the same inside the real language server: the full cache is written as the server's
// persisted cache file, a server process (dist/server.js over stdio) loads it at start, and
// its RSS is compared with a server that starts with an empty cache.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { saveCache, SnippetCache } from '../server/src/cache/index.ts';
import { PREGEN_CLIENT_CAPABILITY, PregenMetricsRequest } from '../server/src/protocol/pregen.ts';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  createProtocolConnection, ExitNotification, InitializedNotification, InitializeRequest, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node.js';

const MAX_BYTES = 8 * 1024 * 1024;
const gc = globalThis.gc ?? (() => {});
const mib = (b) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

function result(i) {
  const code = Array.from({ length: 12 }, (_, l) => `  const v${l} = input.map((x) => x * ${i + l}).filter(Boolean); // line ${l}`).join('\n');
  const probes = Array.from({ length: 12 }, (_, p) => ({ input: `[${p}, ${i}]`, source: 'generated', outputs: { k0: String(p * i), k1: 'threw TypeError' } }));
  return {
    code,
    edit: { textDocument: { uri: `file:///ws/src/f${i % 50}.ts`, version: i }, edits: [{ range: { start: { line: i, character: 0 }, end: { line: i, character: 0 } }, newText: code }] },
    site: { kind: 'empty-body', range: { start: { line: i, character: 0 }, end: { line: i, character: 0 } }, intent: `implement fn${i}`, symbol: `fn${i}`, originalText: '' },
    provider: { id: 'local', kind: 'openai-compatible', model: 'coder', recorded: false, status: 'ok', latencyMs: 900, inputTokens: 600, outputTokens: 180 },
    providers: [{ id: 'local', kind: 'openai-compatible', model: 'coder', recorded: false, status: 'ok', latencyMs: 900 }],
    recorded: false,
    timings: { totalMs: 1500, contextMs: 3, generationMs: 1400 },
    quality: { score: 87, components: { parses: 1, typeChecks: 1, runsClean: 1, agreement: 0.66, docExamples: 1, trackRecord: 0.7 } },
    consensus: { winnerClusterId: 'k0', clusters: [{ id: 'k0', size: 2, providers: ['local'], behaviour: '12/12 probes ok', representative: code }], hunks: [], probes },
    traceId: i.toString(16).padStart(32, '0'),
  };
}

gc();
const before = process.memoryUsage();
const cache = new SnippetCache({ maxBytes: MAX_BYTES });
let stored = 0;
let firstEviction = 0;
// Keep storing until twice as many entries as fit have gone in: the cache is full and evicting.
while (stored < 200_000 && (firstEviction === 0 || stored < 2 * firstEviction)) {
  cache.set(`file:///ws/src/f${stored % 50}.ts#site${stored}`, { result: result(stored), tokens: 800, origin: 'background' });
  stored++;
  if (firstEviction === 0 && cache.size.entries < stored) firstEviction = stored;
}
gc();
const after = process.memoryUsage();
console.log(`snippet cache at its cap (${mib(MAX_BYTES)}): ${cache.size.entries} entries held of ${stored} stored, ${mib(cache.size.sizeBytes)} counted`);
console.log(`heap used growth: ${mib(after.heapUsed - before.heapUsed)}; RSS growth: ${mib(after.rss - before.rss)} (RSS ${mib(after.rss)})`);

// ---- inside the language server ----
const SETTINGS = {
  providers: [{ id: 'local', kind: 'openai-compatible', model: 'coder', baseURL: 'http://127.0.0.1:9/v1' }],
  detectLocalServers: false, replayDemo: 'never', pregeneration: { persistCache: true },
};
const kib = (pid, field) => Number(/\d+/.exec(readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field)) ?? '')?.[0] ?? 0) * 1024;

const SERVER_JS = fileURLToPath(new URL('../dist/server.js', import.meta.url));

/** A server over stdio with `storage` as its storage path; its cache figures and RSS once the cache is loaded. */
async function serverWith(storage) {
  const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: null, capabilities: { experimental: { [PREGEN_CLIENT_CAPABILITY]: true } },
    initializationOptions: { settings: SETTINGS, storagePath: storage },
  });
  await conn.sendNotification(InitializedNotification.type, {});
  // Metrics are answered once the start-up work is done; the persisted cache loads with the settings.
  let m = await conn.sendRequest(PregenMetricsRequest, undefined);
  for (let i = 0; i < 200 && m.cacheEntries === 0 && storage.endsWith('full'); i++) {
    await new Promise((r) => setTimeout(r, 25)); // polling a figure in a benchmark, not a test
    m = await conn.sendRequest(PregenMetricsRequest, undefined);
  }
  const figures = { entries: m.cacheEntries, bytes: m.cacheBytes, rss: kib(proc.pid, 'VmRSS:'), peak: kib(proc.pid, 'VmHWM:') };
  const exited = once(proc, 'exit');
  await conn.sendRequest(ShutdownRequest.type);
  await conn.sendNotification(ExitNotification.type);
  await exited;
  conn.dispose();
  return figures;
}

if (!existsSync(SERVER_JS)) {
  console.log(`${SERVER_JS} is missing: run "node esbuild.mjs" first for the in-server figures.`);
  process.exit(1);
}
const dir = mkdtempSync(path.join(tmpdir(), 'wg-bench-cache-'));
try {
  const full = path.join(dir, 'full');
  const written = await saveCache(cache, path.join(full, 'pregen-cache.json'), MAX_BYTES);
  const empty = await serverWith(path.join(dir, 'empty'));
  const loaded = await serverWith(full);
  console.log(`language server with the cache full (${written} entries written to its persisted cache file, loaded at start): ` +
    `${loaded.entries} entries, ${mib(loaded.bytes)} counted by the server`);
  console.log(`server RSS: empty cache ${mib(empty.rss)} (peak ${mib(empty.peak)}); full cache ${mib(loaded.rss)} (peak ${mib(loaded.peak)}); ` +
    `difference ${mib(loaded.rss - empty.rss)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
