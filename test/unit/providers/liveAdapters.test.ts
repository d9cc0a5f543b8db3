/**
 * Both live adapters, through their real SDKs, against the local fake model server
 * speaking the real wire protocols.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';
import { OpenAIProvider } from '../../../server/src/providers/openai';
import { AnthropicProvider } from '../../../server/src/providers/anthropic';
import {
  isAuthError, isBadResponse, isCancelled, isNetworkError, isProviderError, isTimeout, type ProviderError,
} from '../../../server/src/providers/errors';
import type { CompletionRequest, ModelProvider, ProviderConfig } from '../../../server/src/providers/types';

const KEY = 'sk-test-SECRET-0123456789abcdef';
const ANSWER = '```ts\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n```';

let server: FakeModelServer;
before(async () => {
  server = await startFakeModelServer();
});
after(async () => {
  await server.close();
});
afterEach(() => server.reset());

interface AdapterCase {
  name: string;
  label: string;
  api: 'openai' | 'anthropic';
  make: (over?: Partial<ProviderConfig>) => ModelProvider;
}

const base = { timeoutMs: 5000, maxRetries: 2, retryBaseDelayMs: 10 };
const cases: AdapterCase[] = [
  {
    name: 'openai', label: 'OpenAI (gpt-4o-mini)', api: 'openai',
    make: (over = {}) => new OpenAIProvider(Object.freeze({ id: 'oa', kind: 'openai', model: 'gpt-4o-mini', baseURL: server.openaiBaseURL, ...base, ...over }), KEY),
  },
  {
    name: 'anthropic', label: 'Anthropic (claude-test)', api: 'anthropic',
    make: (over = {}) => new AnthropicProvider(Object.freeze({ id: 'an', kind: 'anthropic', model: 'claude-test', baseURL: server.anthropicBaseURL, ...base, ...over }), KEY),
  },
];

const request = (over: Partial<CompletionRequest> = {}): CompletionRequest => ({
  system: 'You write TypeScript.',
  messages: [{ role: 'user', content: 'Write add(a, b).' }],
  maxTokens: 256,
  ...over,
});

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isProviderError(e), `expected a ProviderError, got ${String(e)}`);
    assert.ok(!e.message.includes(KEY), 'the key leaked into the message');
    return e;
  }
  assert.fail('expected the call to fail');
}

const modelRequests = () => server.requests.filter((r) => r.api === 'openai' || r.api === 'anthropic');

for (const c of cases) {
  describe(`${c.name} adapter`, () => {
    it('streams text deltas and reports usage, finish reason and timings', async () => {
      server.setReply(ANSWER);
      const deltas: string[] = [];
      const res = await c.make().complete(request({ onDelta: (d) => deltas.push(d) }));
      assert.equal(res.text, ANSWER);
      assert.equal(deltas.join(''), ANSWER);
      assert.ok(deltas.length > 3, 'the answer arrived in several deltas');
      assert.ok(res.usage.inputTokens > 0 && res.usage.outputTokens > 0);
      assert.equal(res.finishReason, c.api === 'openai' ? 'stop' : 'end_turn');
      assert.equal(typeof res.firstTokenMs, 'number');
      assert.ok(res.firstTokenMs! <= res.latencyMs);
      assert.equal(res.retries, 0);
      assert.equal(res.recorded, false);
      const [sent] = modelRequests();
      assert.equal(sent.path, c.api === 'openai' ? '/v1/chat/completions' : '/v1/messages');
      assert.equal(sent.body.stream, true);
      assert.equal(sent.hadAuth, true);
      assert.ok(!JSON.stringify(sent.headers).includes(KEY));
      if (c.api === 'openai') {
        assert.deepEqual(sent.body.stream_options, { include_usage: true });
        assert.equal(sent.body.messages[0].role, 'system');
      } else {
        assert.equal(sent.body.system, 'You write TypeScript.');
        assert.equal(sent.body.max_tokens, 256);
      }
    });

    it('turns 401 into an auth error that names the provider and hides the key', async () => {
      server.addFault({ status: 401 });
      const e = await failure(c.make().complete(request()));
      assert.ok(isAuthError(e));
      assert.equal(e.status, 401);
      assert.ok(e.message.startsWith(c.label), e.message);
      assert.match(e.message, /authentication failed/);
      assert.equal(modelRequests().length, 1, 'auth errors are not retried');
    });

    it('retries a 429 after the retry-after wait and succeeds', async () => {
      server.addFault({ status: 429, retryAfter: 1 });
      server.setReply(ANSWER);
      const res = await c.make().complete(request());
      assert.equal(res.text, ANSWER);
      assert.equal(res.retries, 1);
      const [first, second] = modelRequests();
      assert.ok(second.at - first.at >= 950, `waited only ${second.at - first.at} ms`);
    });

    it('retries a 500 then succeeds; gives up when retries are exhausted', async () => {
      server.addFault({ status: 500 });
      const res = await c.make().complete(request());
      assert.equal(res.retries, 1);
      server.reset();
      server.addFault({ status: 503 });
      server.addFault({ status: 500 });
      const e = await failure(c.make({ maxRetries: 1 }).complete(request()));
      assert.ok(isBadResponse(e));
      assert.equal(e.status, 500);
      assert.equal(modelRequests().length, 2);
    });

    it('reports a connection dropped mid-stream as a network/bad_response error, without retrying', async () => {
      server.addFault({ dropAfterChunks: 2 });
      const deltas: string[] = [];
      const e = await failure(c.make().complete(request({ onDelta: (d) => deltas.push(d) })));
      assert.ok(isNetworkError(e) || isBadResponse(e), `${e.code}: ${e.message}`);
      assert.equal(deltas.length, 2);
      assert.equal(modelRequests().length, 1, 'partial output is never retried (it would repeat deltas)');
    });

    it('reports a malformed stream chunk as bad_response', async () => {
      server.addFault({ malformedChunk: true });
      const e = await failure(c.make().complete(request()));
      assert.ok(isBadResponse(e), `${e.code}: ${e.message}`);
    });

    it('times out a slow first byte and aborts the HTTP request', async () => {
      server.addFault({ slowFirstByteMs: 10_000 });
      const started = Date.now();
      const e = await failure(c.make({ timeoutMs: 200 }).complete(request()));
      assert.ok(isTimeout(e), `${e.code}: ${e.message}`);
      assert.ok(Date.now() - started < 3000);
      await server.waitForAborted(1);
      assert.equal(modelRequests().length, 1, 'timeouts are not retried');
    });

    it('a caller abort is cancelled and the server sees the request aborted', async () => {
      server.addFault({ hang: true });
      const ctl = new AbortController();
      const pending = c.make().complete(request({ signal: ctl.signal }));
      await server.waitForRequests(1);
      ctl.abort();
      const e = await failure(pending);
      assert.ok(isCancelled(e), `${e.code}: ${e.message}`);
      await server.waitForAborted(1);
      assert.equal(modelRequests()[0].aborted, true);
    });

    it('an already-aborted signal never reaches the server', async () => {
      const ctl = new AbortController();
      ctl.abort();
      const e = await failure(c.make().complete(request({ signal: ctl.signal })));
      assert.ok(isCancelled(e));
      assert.equal(modelRequests().length, 0);
    });

    it('serves concurrent requests from one provider without mixing them up', async () => {
      server.setResponder((r) => `answer for ${r.prompt}`);
      const p = c.make();
      const [a, b] = await Promise.all([
        p.complete(request({ messages: [{ role: 'user', content: 'one' }] })),
        p.complete(request({ messages: [{ role: 'user', content: 'two' }], maxTokens: 99 })),
      ]);
      assert.equal(a.text, 'answer for one');
      assert.equal(b.text, 'answer for two');
    });
  });
}
