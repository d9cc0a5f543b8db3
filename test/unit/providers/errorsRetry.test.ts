import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import {
  MAX_RETRY_AFTER_MS, ProviderError, isAuthError, isCancelled, isNetworkError, isRateLimited, isTimeout, isBadResponse,
  providerError, redact, retryAfterFrom, toProviderError,
} from '../../../server/src/providers/errors';
import { abortableDelay, backoffDelay, isRetryable, withRetry } from '../../../server/src/providers/retry';

const KEY = 'sk-proj-SECRETSECRET1234';

describe('toProviderError', () => {
  it('classifies SDK errors of both vendors', () => {
    const h = new Headers({ 'retry-after': '2' });
    for (const SDK of [OpenAI, Anthropic]) {
      const auth = toProviderError(SDK.APIError.generate(401, { error: { message: `Incorrect API key provided: ${KEY}` } }, undefined, new Headers()), 'p', { label: 'X (m)' });
      assert.ok(isAuthError(auth));
      assert.ok(!auth.message.includes(KEY));
      assert.ok(auth.message.startsWith('X (m): authentication failed'));
      const rl = toProviderError(SDK.APIError.generate(429, { error: { message: 'slow down' } }, undefined, h), 'p');
      assert.ok(isRateLimited(rl));
      assert.equal(rl.retryAfterMs, 2000);
      assert.ok(isBadResponse(toProviderError(SDK.APIError.generate(400, { error: { message: 'bad' } }, undefined, new Headers()), 'p')));
      assert.ok(isCancelled(toProviderError(new SDK.APIUserAbortError(), 'p')));
      assert.ok(isTimeout(toProviderError(new SDK.APIConnectionTimeoutError(), 'p')));
      assert.ok(isNetworkError(toProviderError(new SDK.APIConnectionError({ cause: new Error('ECONNREFUSED') }), 'p')));
    }
    assert.ok(isCancelled(toProviderError(new DOMException('x', 'AbortError'), 'p')));
    assert.ok(isBadResponse(toProviderError(new SyntaxError('Unexpected token'), 'p')));
    assert.ok(isNetworkError(toProviderError(new TypeError('terminated', { cause: { code: 'UND_ERR_SOCKET' } }), 'p')));
    const pe = providerError('timeout', 'p');
    assert.equal(toProviderError(pe, 'q'), pe);
  });

  it('redacts keys from upstream text', () => {
    assert.equal(redact(`bad ${KEY}!`, [KEY]), 'bad [redacted]!');
    assert.equal(redact('key sk-abcdefghijk used'), 'key [redacted] used');
    const e = toProviderError(OpenAI.APIError.generate(400, { error: { message: `echo ${KEY}` } }, undefined, new Headers()), 'p', { secrets: [KEY] });
    assert.ok(!e.message.includes(KEY));
  });

  it('reads retry-after-ms, retry-after seconds and dates, capped', () => {
    assert.equal(retryAfterFrom(new Headers({ 'retry-after-ms': '250' })), 250);
    assert.equal(retryAfterFrom(new Headers({ 'retry-after': '1.5' })), 1500);
    assert.equal(retryAfterFrom(new Headers({ 'retry-after': '9999' })), MAX_RETRY_AFTER_MS);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(retryAfterFrom(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now), 3000);
    assert.equal(retryAfterFrom(new Headers()), undefined);
    assert.equal(retryAfterFrom(undefined), undefined);
  });
});

describe('retry policy', () => {
  const err = (code: ProviderError['code'], status?: number, retryAfterMs?: number) => providerError(code, 'p', { status, retryAfterMs });

  it('retries only rate limits, 5xx and network failures, never after output', () => {
    assert.ok(isRetryable(err('rate_limit', 429)));
    assert.ok(isRetryable(err('network')));
    assert.ok(isRetryable(err('bad_response', 503)));
    assert.ok(!isRetryable(err('bad_response', 400)));
    assert.ok(!isRetryable(err('bad_response')));
    assert.ok(!isRetryable(err('auth', 401)));
    assert.ok(!isRetryable(err('cancelled')));
    assert.ok(!isRetryable(err('timeout')));
    assert.ok(!isRetryable(err('network').withAfterOutput()));
    assert.ok(!isRetryable(new Error('x')));
  });

  it('backs off exponentially with jitter, or waits what the server asked', () => {
    const opts = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(backoffDelay(0, err('network'), { ...opts, random: () => 0 }), 50);
    assert.equal(backoffDelay(2, err('network'), { ...opts, random: () => 0.999 }), 400);
    assert.equal(backoffDelay(10, err('network'), { ...opts, random: () => 0.999 }), 1000);
    assert.equal(backoffDelay(0, err('rate_limit', 429, 1234), opts), 1234);
  });

  it('counts retries and stops at the limit', async () => {
    let calls = 0;
    const ok = await withRetry('p', async () => {
      if (++calls < 3) throw err('network');
      return 'done';
    }, { maxRetries: 3, baseDelayMs: 1 });
    assert.deepEqual(ok, { value: 'done', retries: 2 });
    calls = 0;
    await assert.rejects(withRetry('p', async () => {
      calls++;
      throw err('bad_response', 500);
    }, { maxRetries: 2, baseDelayMs: 1 }), (e: unknown) => isBadResponse(e));
    assert.equal(calls, 3);
  });

  it('an abort during the backoff wait cancels at once', async () => {
    const ctl = new AbortController();
    const p = withRetry('p', async () => {
      throw err('rate_limit', 429, 20_000);
    }, { maxRetries: 2, signal: ctl.signal, onRetry: () => ctl.abort() });
    await assert.rejects(p, (e: unknown) => isCancelled(e));
    await assert.rejects(abortableDelay(10, ctl.signal, 'p'), (e: unknown) => isCancelled(e));
  });
});
