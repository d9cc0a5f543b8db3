/** The test infrastructure itself: the real SDKs parse it, and it can be steered over HTTP. */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import * as readline from 'node:readline';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_ANSWER, startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';

let server: FakeModelServer;
before(async () => {
  server = await startFakeModelServer();
});
after(async () => {
  await server.close();
});
afterEach(() => server.reset());

const post = async (url: string, body: unknown) =>
  (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();

describe('fake model server', () => {
  it('answers non-streaming requests the SDKs parse', async () => {
    const oa = new OpenAI({ apiKey: 'k', baseURL: server.openaiBaseURL, maxRetries: 0 });
    const c = await oa.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(c.choices[0].message.content, DEFAULT_ANSWER);
    assert.ok(c.usage!.completion_tokens > 0);
    const an = new Anthropic({ apiKey: 'k', baseURL: server.anthropicBaseURL, maxRetries: 0 });
    const m = await an.messages.create({ model: 'm2', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    assert.deepEqual(m.content.map((b) => (b.type === 'text' ? b.text : '')), [DEFAULT_ANSWER]);
    assert.equal(m.stop_reason, 'end_turn');
    const models = await oa.models.list();
    assert.deepEqual(models.data.map((x) => x.id), ['fake-model']);
    assert.deepEqual(server.requests.map((r) => [r.api, r.hadAuth, r.headers.authorization ?? r.headers['x-api-key']]),
      [['openai', true, '<present>'], ['anthropic', true, '<present>'], ['models', true, '<present>']]);
  });

  it('is steered over HTTP: per-model replies, faults and the request log', async () => {
    await post(`${server.url}/__control/reply`, { text: 'only for m2', model: 'm2' });
    await post(`${server.url}/__control/reply`, { text: 'everyone else' });
    await post(`${server.url}/__control/fault`, { status: 503, model: 'm2' });
    const oa = new OpenAI({ apiKey: 'k', baseURL: server.openaiBaseURL, maxRetries: 0 });
    const ask = (model: string) => oa.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] });
    assert.equal((await ask('m1')).choices[0].message.content, 'everyone else');
    await assert.rejects(ask('m2'), (e: unknown) => e instanceof OpenAI.APIError && e.status === 503);
    assert.equal((await ask('m2')).choices[0].message.content, 'only for m2');
    const log = (await (await fetch(`${server.url}/__control/requests`)).json()) as { model: string; fault?: { status: number } }[];
    assert.deepEqual(log.map((r) => [r.model, r.fault?.status]), [['m1', undefined], ['m2', 503], ['m2', undefined]]);
    await post(`${server.url}/__control/reset`, {});
    assert.equal(server.requests.length, 0);
  });

  it('close() ends hung requests', async () => {
    const other = await startFakeModelServer();
    other.addFault({ hang: true });
    const oa = new OpenAI({ apiKey: 'k', baseURL: other.openaiBaseURL, maxRetries: 0 });
    const pending = oa.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    await other.waitForRequests(1);
    await other.close();
    await assert.rejects(pending, (e: unknown) => e instanceof OpenAI.APIConnectionError);
  });

  it('runs out of process and prints its URLs as one JSON line', async () => {
    const cli = path.resolve(__dirname, '../../support/fakeModelServerCli.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--latency', '5'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [line] = (await once(readline.createInterface({ input: child.stdout! }), 'line')) as [string];
      const info = JSON.parse(line) as { url: string; openaiBaseURL: string; anthropicBaseURL: string };
      assert.equal(info.openaiBaseURL, `${info.url}/v1`);
      assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      await post(`${info.url}/__control/reply`, { text: 'from the cli' });
      const an = new Anthropic({ apiKey: 'k', baseURL: info.anthropicBaseURL, maxRetries: 0 });
      const m = await an.messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
      assert.equal(m.content[0].type === 'text' ? m.content[0].text : '', 'from the cli');
    } finally {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    }
  });
});
