/**
 * What both live adapters share: one attempt = the caller's signal combined with a
 * per-request timeout; the retry policy around attempts; timing of the first token
 * and the whole call; and classification of whatever an attempt throws.
 */
import type { CompletionRequest, CompletionResult, ProviderConfig } from './types';
import { ProviderError, providerError, toProviderError, type ErrorContext } from './errors';
import { withRetry } from './retry';

export interface CallIdentity extends ErrorContext {
  providerId: string;
  timeoutMs: number;
  maxRetries: number;
  /** Backoff base for the retry policy (tests lower it). */
  retryBaseDelayMs?: number;
}

/** Default per-request timeout of a live adapter, ms. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** The identity a live adapter runs its calls under, from its (read-only) config. */
export function callIdentity(config: Readonly<ProviderConfig>, label: string, key: string | undefined): CallIdentity {
  return {
    providerId: config.id,
    label,
    secrets: [key],
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: config.maxRetries ?? 2,
    retryBaseDelayMs: config.retryBaseDelayMs,
  };
}

/** What an attempt reports once its stream has ended normally. */
export interface AttemptOutcome {
  model: string;
  finishReason?: string;
  usage: { inputTokens: number; outputTokens: number };
}

/** Streams one attempt: pass `signal` to the SDK, call `emit` for each text delta. */
export type Attempt = (signal: AbortSignal, emit: (delta: string) => void) => Promise<AttemptOutcome>;

/** Runs attempts under the retry policy and builds the CompletionResult. */
export async function runStreamingCall(id: CallIdentity, req: CompletionRequest, attempt: Attempt): Promise<CompletionResult> {
  const started = performance.now();
  let firstTokenMs: number | undefined;
  let text = '';
  const { value, retries } = await withRetry(id.providerId, async () => {
    text = '';
    const scope = new AttemptScope(req.signal, id.timeoutMs);
    const emit = (delta: string) => {
      if (!delta) return;
      if (firstTokenMs === undefined) firstTokenMs = Math.round(performance.now() - started);
      text += delta;
      req.onDelta?.(delta);
    };
    try {
      const outcome = await attempt(scope.signal, emit);
      // The SDKs end a stream silently when its signal aborts; that is not a success.
      if (scope.signal.aborted) throw scope.classify(new DOMException('aborted', 'AbortError'), id);
      if (!text && outcome.finishReason === undefined) {
        throw providerError('bad_response', id.providerId, { ...id, detail: 'the stream ended without any output' });
      }
      return outcome;
    } catch (e) {
      const err = scope.classify(e, id);
      throw text ? err.withAfterOutput() : err;
    } finally {
      scope.dispose();
    }
  }, { maxRetries: id.maxRetries, signal: req.signal, baseDelayMs: id.retryBaseDelayMs });
  return {
    text,
    model: value.model,
    finishReason: value.finishReason,
    usage: value.usage,
    latencyMs: Math.round(performance.now() - started),
    firstTokenMs,
    retries,
    recorded: false,
  };
}

/** The caller's signal plus a timeout, as one signal; tells which of the two fired. */
export class AttemptScope {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private timedOut = false;
  private readonly onCallerAbort = () => this.controller.abort();

  constructor(private readonly caller: AbortSignal | undefined, private readonly timeoutMs: number) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, timeoutMs);
    if (caller?.aborted) this.controller.abort();
    else caller?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** A caller abort is 'cancelled'; our timeout firing is 'timeout'; else classify. */
  classify(e: unknown, id: CallIdentity): ProviderError {
    if (this.caller?.aborted) return providerError('cancelled', id.providerId, id);
    if (this.timedOut) return providerError('timeout', id.providerId, { ...id, detail: `no answer within ${this.timeoutMs} ms` });
    return toProviderError(e, id.providerId, id);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCallerAbort);
  }
}
