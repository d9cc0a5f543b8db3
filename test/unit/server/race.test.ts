import { test } from 'node:test';
import assert from 'node:assert/strict';
import { raceProviders } from '../../../server/src/generation/race';
import { providerError } from '../../../server/src/providers/errors';
import type { CompletionRequest, CompletionResult, ModelProvider } from '../../../server/src/providers/types';
import { isAllFailed, isGenerationCancelled } from '../../../server/src/util/errors';

/** A provider answering when the test says so (a hand-written stand-in, not an SDK mock). */
function manual(id: string) {
  let answer!: (text: string) => void;
  let fail!: (e: unknown) => void;
  const seen: { signal?: AbortSignal } = {};
  const p: ModelProvider = {
    id, kind: 'openai-compatible', model: `${id}-model`, recorded: false,
    complete: (req: CompletionRequest) => new Promise<CompletionResult>((resolve, reject) => {
      seen.signal = req.signal;
      req.signal?.addEventListener('abort', () => reject(providerError('cancelled', id)));
      answer = (text) => resolve({ text, model: `${id}-model`, usage: { inputTokens: 3, outputTokens: 4 }, latencyMs: 5, retries: 0, recorded: false });
      fail = reject;
    }),
  };
  return { p, answer: (t: string) => answer(t), fail: (e: unknown) => fail(e), seen };
}

const accept = (text: string) => (text.includes('code') ? text : null);
const req = { system: 's', messages: [{ role: 'user' as const, content: 'u' }] };

test('first acceptable answer in arrival order wins; the others are aborted and recorded cancelled', async () => {
  const a = manual('a');
  const b = manual('b');
  const race = raceProviders([a.p, b.p], req, accept, new AbortController().signal);
  b.answer('code from b');
  const out = await race;
  assert.equal(out.winner.provider.id, 'b');
  assert.equal(out.winner.value, 'code from b');
  assert.deepEqual(out.uses.map((u) => [u.id, u.status]), [['a', 'cancelled'], ['b', 'ok']]);
  assert.equal(a.seen.signal?.aborted, true);
  assert.equal(out.uses[1].outputTokens, 4);
});

test('an answer without code is a bad_response failure; the other provider still wins', async () => {
  const a = manual('a');
  const b = manual('b');
  const race = raceProviders([a.p, b.p], req, accept, new AbortController().signal);
  a.answer('sorry, I cannot');
  await new Promise<void>((r) => setImmediate(r));
  b.answer('code');
  const out = await race;
  assert.equal(out.winner.provider.id, 'b');
  assert.equal(out.uses[0].status, 'error');
  assert.equal(out.uses[0].error?.code, 'bad_response');
});

test('all fail: all_failed with each failure', async () => {
  const a = manual('a');
  const b = manual('b');
  const race = raceProviders([a.p, b.p], req, accept, new AbortController().signal);
  a.fail(providerError('auth', 'a'));
  b.fail(new Error('boom'));
  await assert.rejects(race, (e: unknown) => {
    assert.ok(isAllFailed(e));
    assert.deepEqual(e.data.failures?.map((f) => [f.providerId, f.code]), [['a', 'auth'], ['b', 'bad_response']]);
    return true;
  });
});

test('caller abort: cancelled, every provider signal aborted', async () => {
  const a = manual('a');
  const ctl = new AbortController();
  const race = raceProviders([a.p], req, accept, ctl.signal);
  ctl.abort();
  await assert.rejects(race, (e: unknown) => isGenerationCancelled(e));
  assert.equal(a.seen.signal?.aborted, true);
});
