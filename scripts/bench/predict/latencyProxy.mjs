/**
 * A proxy in front of the fake model server that holds each request for a seeded random
 * 300-2000 ms before forwarding it (realistic model latency). A request the client gives
 * up on while held is never forwarded (and counted as aborted).
 */
import * as http from 'node:http';
import { once } from 'node:events';
import { seededRandom } from '../../../server/src/consensus/probeInputs.ts';

export async function startLatencyProxy(target, { minMs = 300, maxMs = 2000, seed = 42 } = {}) {
  const rand = seededRandom(seed);
  const stats = { requests: 0, abortedWhileHeld: 0, abortedInFlight: 0, delays: [], firstModelAt: undefined };
  const server = http.createServer((req, res) => {
    const isModel = (req.url ?? '').includes('/chat/completions') || (req.url ?? '').includes('/messages');
    const delay = isModel ? Math.round(minMs + rand() * (maxMs - minMs)) : 0;
    if (isModel) { stats.requests++; stats.delays.push(delay); stats.firstModelAt ??= Date.now(); }
    let gone = false;
    let done = false;
    res.on('close', () => {
      if (!done) {
        gone = true;
        if (isModel) { if (timer) stats.abortedWhileHeld++; else stats.abortedInFlight++; }
      }
    });
    let timer = setTimeout(() => {
      timer = undefined;
      if (gone) return;
      const up = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
        r.on('end', () => { done = true; });
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    }, delay);
    req.on('close', () => { if (timer && gone) { clearTimeout(timer); timer = undefined; } });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    baseURL: `${url}/v1`,
    stats,
    close: () => { server.closeAllConnections(); return new Promise((r) => server.close(() => r())); },
  };
}
