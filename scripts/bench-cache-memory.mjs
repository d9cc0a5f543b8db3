// `npm run bench:cache-memory`: memory of the snippet cache when it is full. Fills a
// SnippetCache at its shipped byte cap (weavergen.pregeneration.cacheMaxBytes, 8 MiB) with
// realistic generation results (code, site, providers, quality, consensus with probes) until
// it evicts, then reports the cache's own byte count and the process's heap and RSS growth.
// Run with --expose-gc (the npm script does) so the figures are after garbage collection.
import { SnippetCache } from '../server/src/cache/index.ts';

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
