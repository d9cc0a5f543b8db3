// npm run bench:trace
// Tracing overhead, measured in-process (no timed assertions anywhere; figures only):
//  1. a cache-hit-like request path (find the site, build the prompt, hash it, look it up
//     in a warm cache) inside the same spans a real request opens (root `weavergen.generate`,
//     `weavergen.context`, `weavergen.cache.lookup`), tracing on vs off: medians and ratio.
//     Requests are timed from call to result; the event loop turns between requests (as in
//     the server), which is when the store serializes ended spans — that work is in (2);
//  2. per-span cost: create + attributes + end + serialize + store, over 10k spans;
//  3. the span store's byte cap while pushing 50k spans (max bytes ever held).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Telemetry, WG } from '../server/src/telemetry/index.ts';
import { findSite } from '../server/src/context/siteFinder.ts';
import { buildPrompt } from '../server/src/context/promptBuilder.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? Number(process.argv[i + 1]) : dflt; };
const ITER = arg('iterations', 1000);
const ROUNDS = arg('rounds', 4);
const SPANS = arg('spans', 10_000);
const STORE_SPANS = arg('store-spans', 50_000);

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
console.log(`bench:trace  node ${process.version}  ${process.platform}/${process.arch}`);

// 1. Request path, tracing off vs on. A first "off" run happens before any AsyncLocalStorage is used
// (an untraced process); then off and on requests are interleaved one by one (ABAB…, the order
// flipping every request) so machine noise and JIT drift hit both sides alike.
const off = new Telemetry({ enabled: false });
const on = new Telemetry();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
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

// 2. Per-span cost.
const t2 = new Telemetry();
const attrs = { 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'weavergen.provider.id': 'openai', 'gen_ai.operation.name': 'chat' };
for (let i = 0; i < 1000; i++) t2.startSpan('warm', attrs).end();
const root2 = t2.startSpan('root', {}, { parent: null });
const p0 = performance.now();
for (let i = 0; i < SPANS; i++) {
  const s = t2.startSpan('gen_ai.chat', attrs, { parent: root2 });
  s.set({ 'gen_ai.usage.input_tokens': 812, 'gen_ai.usage.output_tokens': 64, 'gen_ai.response.finish_reasons': ['stop'], 'weavergen.latency_ms': 950 });
  s.ok();
  s.end();
}
void t2.store; // drains: every span serialized and stored, inside the timed region
const perSpanUs = ((performance.now() - p0) * 1000) / SPANS;
root2.end();
console.log(`\n2. per-span cost (create + 8 attributes + status + end + serialize + store), ${SPANS} spans`);
console.log(`   ${fmt(perSpanUs, 2)} µs per span`);

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
