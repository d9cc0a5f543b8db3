/** Errors crossing the worker boundary keep their type, code and details. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromWire, toWire } from '../../../server/src/background/wireError';
import { isAuthError, isProviderError, ProviderError } from '../../../server/src/providers/errors';
import { isAllFailed, isGenerationCancelled, WeaverError, cancelledError } from '../../../server/src/util/errors';

const roundTrip = (e: unknown): Error => fromWire(structuredClone(toWire(e)));

test('a ProviderError stays one, with its code, provider, status and retry hint', () => {
  const back = roundTrip(new ProviderError({ code: 'auth', providerId: 'p', message: 'p: bad key', status: 401, retryAfterMs: 5, afterOutput: true }));
  assert.ok(isProviderError(back) && isAuthError(back));
  assert.equal(back.providerId, 'p');
  assert.equal(back.status, 401);
  assert.equal(back.retryAfterMs, 5);
  assert.equal(back.afterOutput, true);
  assert.equal(back.message, 'p: bad key');
});

test('a WeaverError keeps its code and data (the per-provider failures of all_failed)', () => {
  const failures = [{ providerId: 'a', code: 'timeout' as const, message: 'a: slow' }];
  const back = roundTrip(new WeaverError('all_failed', 'every provider failed', { failures }));
  assert.ok(isAllFailed(back));
  assert.deepEqual((back as WeaverError).data, { code: 'all_failed', failures });
  assert.ok(isGenerationCancelled(roundTrip(cancelledError())));
});

test('anything else becomes a plain Error with its name and message', () => {
  const back = roundTrip(new TypeError('x is not a function'));
  assert.ok(!isProviderError(back));
  assert.equal(back.name, 'TypeError');
  assert.equal(back.message, 'x is not a function');
  assert.equal(roundTrip('just a string').message, 'just a string');
});
