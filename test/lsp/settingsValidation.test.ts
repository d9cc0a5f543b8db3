/**
 * Settings validation over the real stdio server: `requestTimeoutMs: 1e308` is clamped (the call
 * does not time out at once), the user is told once per change, naming the setting, and OTLP
 * headers in settings are ignored with a warning.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigurationRequest, DidChangeConfigurationNotification, MessageType, type ShowMessageParams } from 'vscode-languageserver-protocol/node';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest, type ServerStatus } from '../../server/src/protocol';
import { settingsFor, startClient, type TestClient } from './harness';

let fake: FakeModelServer;
let client: TestClient;
let current: Record<string, unknown>;

before(async () => {
  fake = await startFakeModelServer();
  fake.setReply('```ts\nreturn a + 1;\n```');
  current = settingsFor([{ id: 'local', baseURL: fake.openaiBaseURL }], { requestTimeoutMs: 1e308 });
  client = await startClient({ settings: current, capabilities: { workspace: { configuration: true } } });
  client.conn.onRequest(ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === 'weavergen' ? current : null)));
});
after(async () => {
  if (client) assert.equal(await client.close(), 0);
  await fake?.close();
});

const timeoutWarnings = () => client.messages.filter((m) => /weavergen\.requestTimeoutMs/.test(m.message));

test('requestTimeoutMs 1e308: one warning naming the setting, and a generation still succeeds', async () => {
  await client.waitFor<ServerStatus>('status', (s) => s.state === 'ready' && s.providers.some((p) => p.id === 'local'));
  const warning = await client.waitFor<ShowMessageParams>('message', (m) => /weavergen\.requestTimeoutMs/.test(m.message));
  assert.equal(warning.type, MessageType.Warning);
  assert.match(warning.message, /must be at most 600000 \(got 1e\+308\); using 600000/);

  const uri = 'file:///work/timeout.ts';
  client.open(uri, 'export function inc(a: number): number {}\n');
  const r = await client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: { line: 0, character: 10 } });
  assert.equal(r.provider.id, 'local');
  assert.equal(r.provider.status, 'ok');
  assert.match(r.code, /return a \+ 1;/);
  assert.equal(timeoutWarnings().length, 1, 'initializationOptions and the pull carry the same value: told once');
});

test('a change to other bad values is told once; the same values again are not repeated', async () => {
  current = { ...current, maxRetries: -2, telemetry: { otlpHeaders: { authorization: 'Bearer tok-in-settings' } } };
  void client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  const m = await client.waitFor<ShowMessageParams>('message', (x) => /weavergen\.maxRetries/.test(x.message));
  assert.match(m.message, /weavergen\.telemetry\.otlpHeaders in settings is ignored/);
  assert.ok(!m.message.includes('tok-in-settings'), 'the header value is never echoed');
  const before = client.messages.length;
  // Same bad values, another provider id: once the new provider is reported, the change was handled.
  current = { ...current, providers: [{ id: 'renamed', kind: 'openai-compatible', model: 'fake-coder', baseURL: fake.openaiBaseURL }] };
  void client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await client.waitFor<ServerStatus>('status', (s) => s.state === 'ready' && s.providers.some((p) => p.id === 'renamed'));
  assert.equal(client.messages.filter((x) => /weavergen\.maxRetries/.test(x.message)).length, 1);
  assert.equal(client.messages.length, before);
});
