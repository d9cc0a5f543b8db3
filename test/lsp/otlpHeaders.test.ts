/**
 * OTLP headers travel like API keys: from the client's secret storage in `weavergen/secrets`, to
 * the export only. Headers in settings are ignored (with a warning), and no header value appears in
 * a span, a message or the exported body. Real stdio server, real HTTP collector.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest, SecretsNotification, TraceRequest, type ServerStatus } from '../../server/src/protocol';
import { settingsFor, startClient, type TestClient } from './harness';

const SECRET_TOKEN = 'otlp-secret-7f3a9c1d2e4b';
const SETTINGS_TOKEN = 'otlp-in-settings-0b1c2d3e';

interface Received { headers: http.IncomingHttpHeaders; body: string }
let collector: http.Server;
let collectorUrl = '';
const received: Received[] = [];
const arrivals = new EventEmitter();
let fake: FakeModelServer;
let client: TestClient;

before(async () => {
  collector = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      arrivals.emit('request');
    });
  });
  collector.listen(0, '127.0.0.1');
  await once(collector, 'listening');
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  fake = await startFakeModelServer();
  fake.setReply('```ts\nreturn a * 2;\n```');
  client = await startClient({
    settings: settingsFor([{ id: 'local', baseURL: fake.openaiBaseURL }], {
      telemetry: { otlpEndpoint: collectorUrl, otlpHeaders: { 'x-settings-token': SETTINGS_TOKEN } },
    }),
  });
});
after(async () => {
  if (client) assert.equal(await client.close(), 0);
  await fake?.close();
  collector?.closeAllConnections();
  collector?.close();
});

test('headers from weavergen/secrets reach the collector; settings headers never do; values appear nowhere else', async () => {
  await client.waitFor<ServerStatus>('status', (s) => s.state === 'ready' && s.providers.some((p) => p.id === 'local'));
  const warning = await client.waitFor<{ message: string }>('message', (m) => /otlpHeaders in settings is ignored/.test(m.message));
  assert.ok(!warning.message.includes(SETTINGS_TOKEN));

  const seen = client.statuses.length;
  void client.conn.sendNotification(SecretsNotification, { keys: {}, otlpHeaders: { 'x-collector-token': SECRET_TOKEN } });
  await client.waitFor<ServerStatus>('status', (s) => client.statuses.indexOf(s) >= seen && s.state === 'ready');

  const uri = 'file:///work/otlp.ts';
  client.open(uri, 'export function dbl(a: number): number {}\n');
  const r = await client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: { line: 0, character: 10 } });
  assert.equal(r.provider.id, 'local');
  if (!received.length) await once(arrivals, 'request');

  const got = received[0];
  assert.equal(got.headers['x-collector-token'], SECRET_TOKEN);
  assert.equal(got.headers['x-settings-token'], undefined);
  for (const x of received) {
    assert.ok(!x.body.includes(SECRET_TOKEN) && !x.body.includes(SETTINGS_TOKEN), 'no header value in an exported span');
  }
  const trace = await client.conn.sendRequest(TraceRequest, { traceId: r.traceId! });
  assert.ok(trace && !JSON.stringify(trace).includes(SECRET_TOKEN));
  assert.ok(!JSON.stringify(client.messages).includes(SECRET_TOKEN) && !JSON.stringify(client.statuses).includes(SECRET_TOKEN));
  assert.ok(!JSON.stringify(r).includes(SECRET_TOKEN));
});
