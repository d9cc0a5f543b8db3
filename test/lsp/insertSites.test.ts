/** weavergen/generate on insertion sites (missing interface member, missing function), over real JSON-RPC. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import {
  GenerateRequest, PREGEN_CLIENT_CAPABILITY, PregenStatusNotification, type PregenMetrics,
} from '../../server/src/protocol';
import { applyEdits, settingsFor, startClient, type TestClient } from './harness';
import { docOpener } from './fixtures';

const MEMBERS = [
  'interface Shape {',
  '  area(): number;',
  '}',
  '',
  'export class Square implements Shape {',
  '  constructor(private side: number) {}',
  '}',
  '',
].join('\n');

const CALLS = [
  'export function total(prices: number[]): number {',
  '  return withTax(prices.reduce((a, b) => a + b, 0), 0.2);',
  '}',
  '',
  'export const answer = 42;',
  '',
].join('\n');

let fake: FakeModelServer;
let client: TestClient;
const newDoc = docOpener(() => client, 'insert');

before(async () => {
  fake = await startFakeModelServer();
  // Two providers: consensus runs on insertion sites (no runnable entry point for a method; must not crash).
  client = await startClient({ settings: settingsFor([
    { id: 'a', baseURL: fake.openaiBaseURL, model: 'model-a' },
    { id: 'b', baseURL: fake.openaiBaseURL, model: 'model-b' },
  ]) });
});
after(async () => {
  if (client) assert.equal(await client.close(), 0, 'shutdown + exit ends the server with code 0');
  await fake?.close();
});

describe('insertion sites over LSP', () => {
  test('missing interface member: the declaration goes before the class closing brace, for the version asked', async () => {
    fake.setReply('```ts\narea(): number {\n  return this.side * this.side;\n}\n```');
    const uri = newDoc(MEMBERS);
    client.change(uri, 2, [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: '// end\n' }]);
    const before = fake.requests.length;
    const r = await client.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 2 }, position: { line: 4, character: 15 } });
    assert.equal(r.site.kind, 'missing-member');
    assert.equal(r.site.symbol, 'Square');
    assert.equal(r.providers.length, 2);
    assert.ok(r.providers.every((p) => p.status === 'ok'), JSON.stringify(r.providers));
    // Methods need `this`: consensus falls back to the type check of the inserted member.
    assert.equal(r.consensus?.clusters.length, 1);
    assert.equal(r.consensus?.clusters[0].typeChecks, true);
    assert.equal(r.edit.textDocument.version, 2);
    const after = applyEdits(`${MEMBERS}// end\n`, r.edit.edits);
    assert.equal(after, [
      'interface Shape {', '  area(): number;', '}', '',
      'export class Square implements Shape {',
      '  constructor(private side: number) {}',
      '  area(): number {', '    return this.side * this.side;', '  }',
      '}', '// end', '',
    ].join('\n'));
    const sent = fake.requests.slice(before).find((q) => q.api === 'openai')!;
    const prompt = JSON.stringify(sent.body.messages);
    assert.match(prompt, /Declarations to implement:/);
    assert.match(prompt, /implement `area\(\): number` of `Shape`/);
  });

  test('missing function: the declaration goes after the statement holding the call', async () => {
    fake.setReply('Sure:\n```ts\nfunction withTax(amount: number, rate: number): number {\n  return amount * (1 + rate);\n}\n```');
    const uri = newDoc(CALLS);
    const before = fake.requests.length;
    const r = await client.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 1 }, position: { line: 1, character: 12 } });
    assert.equal(r.site.kind, 'missing-function');
    assert.equal(r.site.symbol, 'withTax');
    assert.equal(r.providers.length, 2);
    assert.deepEqual(r.edit.textDocument, { uri, version: 1 });
    assert.deepEqual(r.edit.edits[0].range, { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } });
    assert.equal(applyEdits(CALLS, r.edit.edits), [
      'export function total(prices: number[]): number {',
      '  return withTax(prices.reduce((a, b) => a + b, 0), 0.2);',
      '}',
      'function withTax(amount: number, rate: number): number {', '  return amount * (1 + rate);', '}',
      '', 'export const answer = 42;', '',
    ].join('\n'));
    const sent = fake.requests.slice(before).find((q) => q.api === 'openai')!;
    assert.match(JSON.stringify(sent.body.messages), /Call sites of withTax:/);
  });

  test('pre-generation fills the cache for a missing function; an edit of the call site misses', async () => {
    fake.setReply('```ts\nfunction withTax(amount: number, rate: number): number {\n  return amount * (1 + rate);\n}\n```');
    const c = await startClient({
      settings: settingsFor([{ id: 'local', baseURL: fake.openaiBaseURL }]),
      capabilities: { experimental: { [PREGEN_CLIENT_CAPABILITY]: true } },
    });
    try {
      const metrics: PregenMetrics[] = [];
      c.conn.onNotification(PregenStatusNotification, (m) => { metrics.push(m); c.events.emit('pregen', m); });
      const idle = (pred: (m: PregenMetrics) => boolean) => new Promise<PregenMetrics>((resolve) => {
        const hit = metrics.find(pred);
        if (hit) return resolve(hit);
        const on = (m: PregenMetrics) => { if (pred(m)) { c.events.off('pregen', on); resolve(m); } };
        c.events.on('pregen', on);
      });
      const uri = 'file:///work/insert-pregen.ts';
      c.open(uri, CALLS);
      await idle((m) => m.cacheEntries >= 1 && m.running === 0 && m.queued === 0);
      const hit = await c.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 1 }, position: { line: 1, character: 12 } });
      assert.equal(hit.fromCache, true);
      assert.equal(hit.site.kind, 'missing-function');
      assert.equal(hit.edit.textDocument.version, 1);
      assert.match(hit.code, /^function withTax\(amount: number, rate: number\): number \{/);
      // Editing an argument of the call changes the site's context: no longer the cached answer.
      c.change(uri, 2, [{ range: { start: { line: 1, character: 52 }, end: { line: 1, character: 55 } }, text: '0.1' }]);
      const miss = await c.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 2 }, position: { line: 1, character: 12 } });
      assert.notEqual(miss.fromCache, true);
      assert.equal(miss.edit.textDocument.version, 2);
    } finally {
      assert.equal(await c.close(), 0);
    }
  });
});
