/**
 * Issue 12 over real stdio against dist/server.js: an interface-typed parameter is probed
 * with objects of its type (the checker runs in the server's worker thread), and the
 * GenerateResult's evidence shows the inputs with each cluster's output.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest, type GenerateResult } from '../../server/src/protocol';
import { settingsFor, startClient, type TestClient } from './harness';
import { fence } from './fixtures';

const SOURCE = [
  "type Method = 'GET' | 'POST' | 'DELETE';",
  'interface Request {',
  '  method: Method;',
  '  path: string;',
  '  tags: string[];',
  '}',
  '',
  '/** A one-line summary of a request: its method, path and how many tags it has. */',
  'export function summary(req: Request): string {',
  '}',
  '',
].join('\n');

let fake: FakeModelServer;
let client: TestClient;

before(async () => {
  fake = await startFakeModelServer();
  client = await startClient({
    settings: settingsFor([
      { id: 'alpha', baseURL: fake.openaiBaseURL, model: 'm-alpha' },
      { id: 'beta', baseURL: fake.openaiBaseURL, model: 'm-beta' },
    ]),
    trusted: true,
  });
});
after(async () => {
  if (client) assert.equal(await client.close(), 0);
  await fake?.close();
});

test('probes of an interface-typed request are objects of its type, each cluster output shown', async () => {
  fake.setReply(fence('return `${req.method} ${req.path} (${req.tags.length})`;'), 'm-alpha');
  fake.setReply(fence('return `${req.method} ${req.path} (${req.tags.join(",").length})`;'), 'm-beta');
  const uri = 'file:///work/typedProbes/summary.ts';
  client.open(uri, SOURCE);
  const r: GenerateResult = await client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: { line: 9, character: 0 } });
  assert.equal(r.execution?.ran, true, r.execution?.reason);
  const probes = r.consensus?.probes ?? [];
  assert.ok(probes.length >= 3, JSON.stringify(r.consensus));
  for (const p of probes) {
    const req = JSON.parse(p.input) as { method: string; path: unknown; tags: unknown };
    assert.ok(['GET', 'POST', 'DELETE'].includes(req.method), p.input);
    assert.ok(Array.isArray(req.tags), p.input);
    assert.deepEqual(Object.keys(p.outputs).sort(), r.consensus!.clusters.map((c) => c.id).sort());
    assert.ok(!p.rejectedByAll, JSON.stringify(p));
  }
  assert.equal(r.consensus!.clusters.length, 2, 'the two answers differ on some typed input');
});
