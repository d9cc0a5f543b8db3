/** fanOut against the fake model server (real OpenAI wire protocol), several model names. */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';
import { createProvider } from '../../../server/src/providers/registry';
import { fanOut, sampleTemperature, type FanOutOptions } from '../../../server/src/orchestra/fanOut';
import { isAllFailed, isGenerationCancelled } from '../../../server/src/util/errors';
import type { ModelProvider } from '../../../server/src/providers/types';

let fake: FakeModelServer;
before(async () => { fake = await startFakeModelServer(); });
after(async () => { await fake?.close(); });
beforeEach(() => fake.reset());

const provider = (id: string): ModelProvider => createProvider({
  id, kind: 'openai-compatible', model: `m-${id}`, baseURL: fake.openaiBaseURL, maxRetries: 0, timeoutMs: 20000,
});
const REQUEST = { system: 's', messages: [{ role: 'user' as const, content: 'write code' }] };
function opts(over: Partial<FanOutOptions<string>> = {}): FanOutOptions<string> {
  return {
    samplesPerProvider: 1, providerDeadlineMs: 20000, overallDeadlineMs: 30000, quorum: 2,
    accept: (t) => (t.includes('none') ? null : { value: t, key: t.trim() }), signal: new AbortController().signal, ...over,
  };
}

test('every provider answers: all samples, one use per provider, nothing missing', async () => {
  fake.setReply('A', 'm-a');
  fake.setReply('B', 'm-b');
  fake.setReply('C', 'm-c');
  const r = await fanOut([provider('a'), provider('b'), provider('c')], REQUEST, opts());
  assert.equal(r.stoppedBy, 'all-settled');
  assert.deepEqual(r.samples.map((s) => s.value).sort(), ['A', 'B', 'C']);
  assert.deepEqual(r.uses.map((u) => [u.id, u.status]), [['a', 'ok'], ['b', 'ok'], ['c', 'ok']]);
  assert.deepEqual(r.missing, []);
});

test('samplesPerProvider: each provider is asked that many times', async () => {
  fake.setReply('X');
  const r = await fanOut([provider('a'), provider('b')], REQUEST, opts({ samplesPerProvider: 3, quorum: 99 }));
  assert.equal(r.samples.length, 6);
  assert.equal(fake.requests.filter((q) => q.model === 'm-a').length, 3);
  const temps = fake.requests.filter((q) => q.model === 'm-a').map((q) => q.body.temperature as number | undefined).sort();
  assert.deepEqual(temps, [0.6, 0.8, undefined], 'later samples are asked warmer, so they can differ');
});

test('sampleTemperature: the first sample keeps the request, later ones are warmer but never colder than asked', () => {
  assert.equal(sampleTemperature(0, undefined), undefined);
  assert.equal(sampleTemperature(0, 0.2), 0.2);
  assert.equal(sampleTemperature(1, 0.2), 0.6);
  assert.equal(sampleTemperature(2, undefined), 0.8);
  assert.equal(sampleTemperature(5, undefined), 1);
  assert.equal(sampleTemperature(1, 0.9), 0.9);
});

test('early quorum: two identical answers stop the wait and abort the hanging provider over HTTP', async () => {
  fake.setReply('same');
  fake.addFault({ model: 'm-c', hang: true });
  const r = await fanOut([provider('a'), provider('b'), provider('c')], REQUEST, opts());
  assert.equal(r.stoppedBy, 'quorum');
  await fake.waitForAborted(1);
  assert.equal(fake.requests.find((q) => q.model === 'm-c')?.aborted, true);
  assert.equal(r.uses.find((u) => u.id === 'c')?.status, 'cancelled');
  assert.deepEqual(r.missing.map((m) => m.providerId), ['c']);
  assert.match(r.missing[0].reason, /already agreed/);
});

test('provider deadline: a slow provider is aborted and reported; the others are used', async () => {
  fake.setReply('A', 'm-a');
  fake.addFault({ model: 'm-slow', hang: true });
  const r = await fanOut([provider('a'), provider('slow')], REQUEST, opts({ providerDeadlineMs: 300 }));
  assert.deepEqual(r.samples.map((s) => s.provider.id), ['a']);
  const slow = r.uses.find((u) => u.id === 'slow')!;
  assert.equal(slow.status, 'error');
  assert.equal(slow.error?.code, 'timeout');
  assert.match(r.missing[0].reason, /provider deadline of 300 ms/);
  await fake.waitForAborted(1);
});

test('overall deadline with nothing usable: all_failed naming the timeouts', async () => {
  fake.addFault({ model: 'm-a', hang: true });
  fake.addFault({ model: 'm-b', hang: true });
  await assert.rejects(fanOut([provider('a'), provider('b')], REQUEST, opts({ overallDeadlineMs: 300 })), (e) => {
    assert.ok(isAllFailed(e));
    assert.deepEqual(e.data.failures?.map((f) => f.code), ['timeout', 'timeout']);
    return true;
  });
  await fake.waitForAborted(2);
});

test('an answer without code counts as a failure of that provider only', async () => {
  fake.setReply('none here', 'm-a');
  fake.setReply('B', 'm-b');
  const r = await fanOut([provider('a'), provider('b')], REQUEST, opts());
  assert.equal(r.uses[0].error?.code, 'bad_response');
  assert.deepEqual(r.missing.map((m) => m.providerId), ['a']);
});

test('the caller cancels: rejected as cancelled and every HTTP request is aborted', async () => {
  fake.addFault({ model: 'm-a', hang: true });
  fake.addFault({ model: 'm-b', hang: true });
  const ctl = new AbortController();
  const pending = fanOut([provider('a'), provider('b')], REQUEST, opts({ signal: ctl.signal }));
  await fake.waitForRequests(2);
  ctl.abort();
  await assert.rejects(pending, (e) => isGenerationCancelled(e));
  await fake.waitForAborted(2);
});
