import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';
import { detectLocalServers, guessProduct, parseModelList } from '../../../server/src/providers/detect';
import { demoRecordingPath, resolveProviders } from '../../../server/src/providers/registry';
import { DEFAULT_SETTINGS, type WeaverSettings } from '../../../server/src/protocol/settings';

let server: FakeModelServer;
let closedURL: string;
before(async () => {
  server = await startFakeModelServer({ models: ['qwen2.5-coder', 'llama3'] });
  // A port that was just free: nothing listens there any more.
  const tmp = http.createServer().listen(0, '127.0.0.1');
  await once(tmp, 'listening');
  closedURL = `http://127.0.0.1:${(tmp.address() as AddressInfo).port}/v1`;
  await new Promise<void>((r) => tmp.close(() => r()));
});
after(async () => {
  await server.close();
});
afterEach(() => server.reset());

describe('detectLocalServers', () => {
  it('finds an OpenAI-compatible server and skips a closed port quickly', async () => {
    const started = Date.now();
    const found = await detectLocalServers([closedURL, `${server.openaiBaseURL}/`]);
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual(found, [{ baseURL: server.openaiBaseURL, models: ['qwen2.5-coder', 'llama3'], product: 'openai-compatible' }]);
    assert.ok(server.requests.some((r) => r.path === '/v1/models' && r.method === 'GET'));
  });

  it('skips a server that does not answer within the timeout', async () => {
    const silent = http.createServer(() => {
      /* never answers */
    }).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const started = Date.now();
      const found = await detectLocalServers([`http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1`], { timeoutMs: 100 });
      assert.deepEqual(found, []);
      assert.ok(Date.now() - started < 1000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('guesses the product from the port and parses model lists', () => {
    assert.equal(guessProduct('http://127.0.0.1:11434/v1'), 'ollama');
    assert.equal(guessProduct('http://localhost:1234/v1'), 'lmstudio');
    assert.equal(guessProduct('http://127.0.0.1:8080/v1'), 'llama.cpp');
    assert.equal(guessProduct('not a url'), 'openai-compatible');
    assert.deepEqual(parseModelList({ data: [{ id: 'a' }, { nope: 1 }, null] }), ['a']);
    assert.equal(parseModelList({ models: [] }), undefined);
  });
});

const env = (keys: Partial<Record<'openai' | 'anthropic', string>> = {}) => ({ keys, demoRecordingPath: demoRecordingPath() });
const settings = (over: Partial<WeaverSettings>): WeaverSettings => ({ ...DEFAULT_SETTINGS, detectLocalServers: false, ...over });

describe('resolveProviders', () => {
  it('lists a keyless OpenAI/Anthropic provider without using it, with a note', async () => {
    const r = await resolveProviders(settings({
      providers: [{ id: 'gpt', kind: 'openai', model: 'gpt-4o-mini' }, { id: 'claude', kind: 'anthropic', model: 'claude-x' }],
      replayDemo: 'never',
    }), env({ anthropic: 'sk-ant-SECRET-123456' }));
    assert.deepEqual(r.providers.map((p) => p.id), ['claude']);
    const gpt = r.infos.find((i) => i.id === 'gpt')!;
    assert.equal(gpt.hasKey, false);
    assert.equal(gpt.enabled, false);
    assert.equal(r.infos.find((i) => i.id === 'claude')!.hasKey, true);
    assert.ok(r.notes.some((n) => n.includes('"gpt"') && /API key/.test(n)));
    assert.ok(!JSON.stringify(r.infos).includes('SECRET'));
  });

  it('needs a baseURL for openai-compatible and honours enabled: false', async () => {
    const r = await resolveProviders(settings({
      providers: [
        { id: 'local', kind: 'openai-compatible', model: 'm' },
        { id: 'off', kind: 'openai-compatible', model: 'm', baseURL: server.openaiBaseURL, enabled: false },
        { id: 'on', kind: 'openai-compatible', model: 'm', baseURL: server.openaiBaseURL },
      ],
      replayDemo: 'never',
    }), env());
    assert.deepEqual(r.providers.map((p) => p.id), ['on']);
    assert.ok(r.notes.some((n) => n.includes('"local"') && n.includes('baseURL')));
    assert.deepEqual(r.infos.map((i) => [i.id, i.enabled]), [['local', false], ['off', false], ['on', true]]);
  });

  it('uses detected local servers when nothing configured is usable', async () => {
    const r = await resolveProviders(settings({
      providers: [{ id: 'gpt', kind: 'openai', model: 'gpt-4o-mini' }],
      detectLocalServers: true,
      localServerURLs: [closedURL, server.openaiBaseURL],
    }), env());
    assert.equal(r.providers.length, 1);
    const [p] = r.providers;
    assert.equal(p.kind, 'openai-compatible');
    assert.equal(p.model, 'qwen2.5-coder');
    const info = r.infos.find((i) => i.id === p.id)!;
    assert.equal(info.source, 'detected');
    assert.equal(info.baseURL, server.openaiBaseURL);
    // And it really works against that server.
    server.setReply('```ts\nreturn 1;\n```');
    const res = await p.complete({ system: 's', messages: [{ role: 'user', content: 'u' }] });
    assert.equal(res.text, '```ts\nreturn 1;\n```');
  });

  it('does not probe when a configured provider is usable', async () => {
    const r = await resolveProviders(settings({
      providers: [{ id: 'gpt', kind: 'openai', model: 'gpt-4o-mini' }],
      detectLocalServers: true,
      localServerURLs: [server.openaiBaseURL],
    }), env({ openai: 'sk-x-123456' }));
    assert.deepEqual(r.providers.map((p) => p.id), ['gpt']);
    assert.equal(server.requests.length, 0);
  });

  it('falls back to the recorded demo, unless replayDemo is never; always adds it', async () => {
    const auto = await resolveProviders(settings({ replayDemo: 'auto' }), env());
    assert.deepEqual(auto.providers.map((p) => [p.kind, p.recorded]), [['replay', true]]);
    assert.deepEqual(auto.infos.map((i) => [i.source, i.recorded, i.model]), [['demo', true, 'recorded-demo']]);
    const res = await auto.providers[0].complete({ system: 's', messages: [], hints: { symbol: 'slugify' } });
    assert.equal(res.recorded, true);

    const never = await resolveProviders(settings({ replayDemo: 'never' }), env());
    assert.equal(never.providers.length, 0);
    assert.ok(never.notes.some((n) => /No model provider/.test(n)));

    const always = await resolveProviders(settings({
      replayDemo: 'always',
      providers: [{ id: 'on', kind: 'openai-compatible', model: 'm', baseURL: server.openaiBaseURL }],
    }), env());
    assert.deepEqual(always.providers.map((p) => p.kind), ['openai-compatible', 'replay']);
  });

  it('the demo recording path exists when run from source', async () => {
    const { existsSync } = await import('node:fs');
    assert.ok(existsSync(demoRecordingPath()));
  });
});
