/**
 * The one retry policy for provider calls (the SDKs' own retries are disabled with
 * maxRetries: 0). Retries rate limits, 5xx and network failures with exponential
 * backoff and jitter, honours retry-after, and stops immediately on abort.
 */
import { MAX_RETRY_AFTER_MS, ProviderError, isProviderError, providerError } from './errors';

export interface RetryOptions {
  maxRetries: number;
  signal?: AbortSignal;
  /** First backoff, ms (default 500). */
  baseDelayMs?: number;
  /** Longest backoff without a retry-after, ms (default 8000). */
  maxDelayMs?: number;
  /** Source of jitter in [0, 1) (default Math.random). */
  random?: () => number;
  /** Told before each wait (for logs/telemetry). */
  onRetry?: (info: { attempt: number; delayMs: number; error: ProviderError }) => void;
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 529]);

/** Whether a failed call is worth repeating. */
export function isRetryable(e: unknown): boolean {
  if (!isProviderError(e) || e.afterOutput) return false;
  if (e.code === 'rate_limit' || e.code === 'network') return true;
  return e.code === 'bad_response' && e.status !== undefined && RETRYABLE_STATUS.has(e.status);
}

/** Delay before retry number `attempt` (0-based). */
export function backoffDelay(attempt: number, e: ProviderError, opts: RetryOptions): number {
  if (e.retryAfterMs !== undefined) return Math.min(e.retryAfterMs, MAX_RETRY_AFTER_MS);
  const base = opts.baseDelayMs ?? 500;
  const cap = opts.maxDelayMs ?? 8000;
  const exp = Math.min(cap, base * 2 ** attempt);
  const jitter = (opts.random ?? Math.random)();
  return Math.round(exp / 2 + (exp / 2) * jitter);
}

/**
 * Runs `fn` until it succeeds, fails with a non-retryable error, or retries run out.
 * `fn` must throw ProviderErrors. Returns the value and how many retries it took.
 */
export async function withRetry<T>(
  providerId: string,
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions,
): Promise<{ value: T; retries: number }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { value: await fn(attempt), retries: attempt };
    } catch (e) {
      if (attempt >= opts.maxRetries || !isRetryable(e) || opts.signal?.aborted) throw e;
      const err = e as ProviderError;
      const delayMs = backoffDelay(attempt, err, opts);
      opts.onRetry?.({ attempt, delayMs, error: err });
      await abortableDelay(delayMs, opts.signal, providerId);
    }
  }
}

/** Waits `ms`, rejecting with a 'cancelled' ProviderError if the signal aborts. */
export function abortableDelay(ms: number, signal: AbortSignal | undefined, providerId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(providerError('cancelled', providerId));
    const onAbort = () => {
      clearTimeout(timer);
      reject(providerError('cancelled', providerId));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
