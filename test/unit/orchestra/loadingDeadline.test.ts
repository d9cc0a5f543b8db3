/**
 * A local server still loading its model is not aborted by the provider deadline on its
 * first request (loadingDeadline.ts); once it has answered, the configured deadline applies.
 * Real HTTP against the fake model server; the deadline is tiny next to the server's latency,
 * so which one wins is decided by the deadline chosen, not by the machine's speed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';
import { createProvider } from '../../../server/src/providers/registry';
import { fanOut, type FanOutOptions } from '../../../server/src/orchestra/fanOut';
import { FIRST_REQUEST_DEADLINE_MS, LoadingDeadline } from '../../../server/src/orchestra/loadingDeadline';
import { isAllFailed } from '../../../server/src/util/errors';

let fake: FakeModelServer;
before(async () => { fake = await startFakeModelServer(); });
after(async () => { await fake?.close(); });

const local = createProvider({ id: 'local', kind: 'openai-compatible', model: 'coder', baseURL: 'http://127.0.0.1:1/v1', maxRetries: 0, timeoutMs: 600000 });
const REQUEST = { system: 's', messages: [{ role: 'user' as const, content: 'write code' }] };

test('the first request of an OpenAI-compatible provider gets the loading deadline; paid kinds and warm ones do not', () => {
  const d = new LoadingDeadline();
  assert.equal(d.deadlineFor(local, 20000), FIRST_REQUEST_DEADLINE_MS);
  assert.equal(d.deadlineFor({ id: 'gpt', kind: 'openai', model: 'g' }, 20000), 20000);
  d.answered(local);
  assert.equal(d.deadlineFor(local, 20000), 20000);
  assert.equal(d.deadlineFor({ ...local, model: 'other' }, 20000), FIRST_REQUEST_DEADLINE_MS, 'another model may still have to load');
});

test('a provider slower than the provider deadline still answers on its first request, and is held to it afterwards', async () => {
  const p = createProvider({ id: 'local', kind: 'openai-compatible', model: 'coder', baseURL: fake.openaiBaseURL, maxRetries: 0, timeoutMs: 600000 });
  fake.setReply('return 1;');
  fake.setLatency(400);
  const loading = new LoadingDeadline();
  const opts: FanOutOptions<string> = {
    samplesPerProvider: 1, providerDeadlineMs: 5, overallDeadlineMs: 50, quorum: 1,
    providerDeadlineFor: (q) => loading.deadlineFor(q, 5), onAnswer: (q) => loading.answered(q),
    accept: (t) => ({ value: t, key: t }), signal: new AbortController().signal,
  };
  const first = await fanOut([p], REQUEST, opts);
  assert.deepEqual(first.uses.map((u) => u.status), ['ok'], 'the loading model was waited for');
  // Warm: the configured deadline applies, and the only provider missing it fails the fan-out.
  await assert.rejects(fanOut([p], REQUEST, opts), (e: Error) => isAllFailed(e) && /local: no answer within the provider deadline of 5 ms/.test(e.message));
});
