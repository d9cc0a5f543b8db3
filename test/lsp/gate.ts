/**
 * A holding proxy in front of the fake model server: requests are forwarded only when
 * the gate is released, so a test can change the document while generation is in flight.
 */
import * as http from 'node:http';
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';

export async function startGate(target: string) {
  let open!: () => void;
  let gate = new Promise<void>((r) => { open = r; });
  const events = new EventEmitter();
  let seen = 0;
  let abandoned = 0;
  const server = http.createServer((req, res) => {
    seen++;
    let gone = false;
    let forwarded = false;
    res.on('close', () => {
      gone = true;
      if (!forwarded) { abandoned++; events.emit('abandoned'); }
    });
    events.emit('request');
    void gate.then(() => {
      if (gone) return; // the client gave up while held: forward nothing
      forwarded = true;

      const up = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseURL: `${url}/v1`,
    /** Let held and future requests through. */
    release: () => open(),
    /** Hold future requests again. */
    hold: () => { gate = new Promise<void>((r) => { open = r; }); },
    /** Resolves once `n` requests in total have arrived. */
    waitForRequests: (n: number) => new Promise<void>((resolve) => {
      if (seen >= n) return resolve();
      const on = () => { if (seen >= n) { events.off('request', on); resolve(); } };
      events.on('request', on);
    }),
    /** Resolves once `n` held requests in total were given up by the client before release. */
    waitForAbandoned: (n: number) => new Promise<void>((resolve) => {
      if (abandoned >= n) return resolve();
      const on = () => { if (abandoned >= n) { events.off('abandoned', on); resolve(); } };
      events.on('abandoned', on);
    }),
    close: () => { server.closeAllConnections(); return new Promise<void>((r) => server.close(() => r())); },
  };
}
