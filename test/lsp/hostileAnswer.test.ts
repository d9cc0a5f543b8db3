/**
 * Issue 11, escape 7 over the real protocol: one provider answers with 1,200 nested parentheses
 * (it overflowed the TypeScript parser inside a `.then` callback and the unhandled rejection
 * took the server down), another with good code. The good candidate wins, the hostile one is
 * that provider's bad_response, and the server answers the next request.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest } from '../../server/src/protocol';
import { settingsFor, startClient, type TestClient } from './harness';
import { docOpener, fence } from './fixtures';

const SOURCE = 'export function area(w: number, h: number): number {\n  throw new Error("not implemented");\n}\n';
const HOSTILE = fence(`return ${'('.repeat(1200)}w${')'.repeat(1200)} * h;`);
let fake: FakeModelServer;
let client: TestClient;
const open = docOpener(() => client, 'hostile', SOURCE);

before(async () => {
  fake = await startFakeModelServer();
  fake.setReply(HOSTILE, 'hostile-model');
  fake.setReply(fence('return w * h;'), 'good-model');
  client = await startClient({
    settings: settingsFor([
      { id: 'hostile', baseURL: fake.openaiBaseURL, model: 'hostile-model' },
      { id: 'good', baseURL: fake.openaiBaseURL, model: 'good-model' },
    ], { execution: { enabled: false } }),
  });
});
after(async () => {
  if (client) assert.equal(await client.close(), 0);
  await fake?.close();
});

test('a deeply nested answer is bad_response for its provider; the good one wins; the server stays up', async () => {
  const r = await client.conn.sendRequest(GenerateRequest, { textDocument: { uri: open() }, position: { line: 1, character: 4 } });
  assert.equal(r.provider.id, 'good');
  assert.match(r.code, /return w \* h;/);
  const hostile = r.providers.find((p) => p.id === 'hostile');
  assert.equal(hostile?.status, 'error');
  assert.equal(hostile?.error?.code, 'bad_response');
  assert.match(hostile?.error?.message ?? '', /nests brackets too deeply/);

  // Still alive and answering: a second generation on a fresh document.
  const again = await client.conn.sendRequest(GenerateRequest, { textDocument: { uri: open() }, position: { line: 1, character: 4 } });
  assert.equal(again.provider.id, 'good');
  assert.equal(client.proc.exitCode, null);
});
