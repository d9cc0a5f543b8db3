/**
 * Cache-hit probes for bench:predict: a cheap user request (weavergen/inlineCompletion at
 * the one site of probe.ts, served from the snippet cache: findSite + key + lookup, the
 * work of a generate cache hit) sent every 15-25 ms during the whole session replay, and
 * then as many again with the background idle. Each sample is tagged with what the server
 * last reported (PregenStatus, throttled to 250 ms): background running/queued, or a user
 * generation in progress (foreground, excluded: that is not background interference).
 * With BENCH_PROBE=generate the probe is weavergen/generate instead (counts as cache hits
 * and acceptance "shown" in the server, so it perturbs ranking a little).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GenerateRequest } from '../../../server/src/protocol/index.ts';
import { CursorNotification, InlineCompletionRequest, PregenMetricsRequest } from '../../../server/src/protocol/pregen.ts';

export const PROBE_FILE = 'probe.ts';
export const PROBE_POSITION = { line: 2, character: 0 };

function sendProbe(conn, uri, version, mode) {
  const params = { textDocument: { uri, version }, position: PROBE_POSITION };
  return mode === 'generate' ? conn.sendRequest(GenerateRequest, params).then((r) => r.fromCache === true)
    : conn.sendRequest(InlineCompletionRequest, params).then((r) => r.items.length > 0);
}

/**
 * Opens the probe document and waits (bounded) until its site is served from the cache.
 * Polls the metrics, not the site: an inline miss re-arms the refresh debounce, so polling
 * inline faster than the debounce would keep the refresh from ever running.
 */
export async function prepareProbe(client, uri, text, { mode = 'inline', timeoutMs = 30000 } = {}) {
  client.open(uri, text, 1);
  const until = Date.now() + timeoutMs;
  let nudged = Date.now();
  while (Date.now() < until) {
    const m = await client.conn.sendRequest(PregenMetricsRequest, undefined);
    if (m.cacheEntries > 0 && !m.running && !m.queued && await sendProbe(client.conn, uri, 1, 'inline')) return;
    if (Date.now() - nudged > 5000) {
      nudged = Date.now();
      await client.conn.sendNotification(CursorNotification, { textDocument: { uri, version: 1 }, position: PROBE_POSITION });
    }
    await sleep(200);
  }
  const m = await client.conn.sendRequest(PregenMetricsRequest, undefined);
  const { mainThread: _m, ...brief } = m;
  throw new Error(`the probe site was not pre-generated within ${timeoutMs} ms (mode ${mode}): ${JSON.stringify(brief)}`);
}

/** Starts probing at random 15-25 ms intervals; `state()` tags each sample. `stop()` resolves with the samples. */
export function startProbeLoop(client, uri, { rand, state, mode = 'inline', minMs = 15, maxMs = 25 }) {
  const samples = []; // { ms, tag, hit }
  let running = true;
  const loop = (async () => {
    while (running) {
      const tag = state();
      const s = performance.now();
      const hit = await sendProbe(client.conn, uri, 1, mode);
      samples.push({ ms: performance.now() - s, tag, hit });
      await sleep(Math.round(minMs + rand() * (maxMs - minMs)));
    }
  })();
  return { samples, stop: async () => { running = false; await loop; return samples; } };
}

/** `n` probes at the same cadence, with nothing else going on. */
export async function idleProbes(client, uri, n, { rand, mode = 'inline', minMs = 15, maxMs = 25 }) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const hit = await sendProbe(client.conn, uri, 1, mode);
    samples.push({ ms: performance.now() - s, tag: 'idle', hit });
    await sleep(Math.round(minMs + rand() * (maxMs - minMs)));
  }
  return samples;
}
