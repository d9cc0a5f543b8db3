/** Settings through workspace/configuration, refresh on didChangeConfiguration, and secrets. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigurationRequest, DidChangeConfigurationNotification } from 'vscode-languageserver-protocol/node';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest, ListProvidersRequest, SecretsNotification, type ServerStatus } from '../../server/src/protocol';
import { settingsFor, startClient, type TestClient } from './harness';

const KEY = 'sk-test-0123456789abcdef';
let fake: FakeModelServer;
let client: TestClient;
let current: unknown;

before(async () => {
  fake = await startFakeModelServer();
  fake.setReply('```ts\nreturn 1;\n```');
  current = settingsFor([{ id: 'pulled', baseURL: fake.openaiBaseURL }]);
  client = await startClient({ settings: { replayDemo: 'never', detectLocalServers: false }, capabilities: { workspace: { configuration: true } } });
  client.conn.onRequest(ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === 'weavergen' ? current : null)));
});
after(async () => {
  if (client) assert.equal(await client.close(), 0);
  await fake?.close();
});

const readyWith = (id: string) => client.waitFor<ServerStatus>('status', (s) => s.state === 'ready' && s.providers.some((p) => p.id === id));

test('settings are pulled with workspace/configuration after initialized', async () => {
  await readyWith('pulled');
  const infos = await client.conn.sendRequest(ListProvidersRequest, undefined);
  assert.deepEqual(infos.map((i) => [i.id, i.source, i.enabled]), [['pulled', 'settings', true]]);
});

test('didChangeConfiguration re-pulls and re-resolves', async () => {
  current = settingsFor([{ id: 'changed', baseURL: fake.openaiBaseURL }]);
  void client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await readyWith('changed');
});

test('secrets: an OpenAI provider becomes usable with the pushed key, which never shows up in status', async () => {
  current = { ...settingsFor([]), providers: [{ id: 'oa', kind: 'openai', model: 'gpt-fake', baseURL: fake.openaiBaseURL }] };
  void client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  const withoutKey = await client.waitFor<ServerStatus>('status', (s) => s.state === 'ready' && s.providers.some((p) => p.id === 'oa'));
  assert.equal(withoutKey.providers[0].enabled, false);
  assert.equal(withoutKey.providers[0].hasKey, false);
  void client.conn.sendNotification(SecretsNotification, { keys: { openai: KEY } });
  const withKey = await client.waitFor<ServerStatus>('status', (s) => s.state === 'ready' && s.providers.some((p) => p.id === 'oa' && p.enabled));
  assert.equal(withKey.providers[0].hasKey, true);
  assert.ok(!JSON.stringify(client.statuses).includes(KEY));

  const uri = 'file:///work/secret.ts';
  client.open(uri, 'function f(): number {}\n');
  const r = await client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: { line: 0, character: 5 } });
  assert.equal(r.provider.id, 'oa');
  const sent = fake.requests.filter((q) => q.model === 'gpt-fake');
  assert.equal(sent.length, 1);
  assert.equal(sent[0].hadAuth, true);
  assert.ok(!JSON.stringify(r).includes(KEY));
});
