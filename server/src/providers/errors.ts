/**
 * Typed provider errors. Every failure leaving a provider is a ProviderError with a
 * WeaverErrorCode; callers branch on the isX() predicates, never on message text.
 * Messages name the provider and never contain an API key.
 */
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import type { WeaverErrorCode } from '../protocol';
import { redactKeyShapes } from '../util/redactKeys';

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly code: WeaverErrorCode;
  readonly providerId: string;
  readonly status?: number;
  /** Server-requested wait before retrying (from retry-after / retry-after-ms), ms. */
  readonly retryAfterMs?: number;
  /** True when part of the answer had already been streamed: retrying would repeat it. */
  readonly afterOutput?: boolean;

  constructor(init: {
    code: WeaverErrorCode;
    providerId: string;
    message: string;
    status?: number;
    retryAfterMs?: number;
    afterOutput?: boolean;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.providerId = init.providerId;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.afterOutput) this.afterOutput = true;
  }

  /** A copy marked as having happened after some output was streamed. */
  withAfterOutput(): ProviderError {
    return new ProviderError({ ...this.init(), afterOutput: true });
  }

  private init() {
    return {
      code: this.code, providerId: this.providerId, message: this.message,
      status: this.status, retryAfterMs: this.retryAfterMs, cause: this.cause,
    };
  }
}

export const isProviderError = (e: unknown): e is ProviderError => e instanceof ProviderError;
const hasCode = (code: WeaverErrorCode) => (e: unknown): e is ProviderError => isProviderError(e) && e.code === code;
export const isAuthError = hasCode('auth');
export const isRateLimited = hasCode('rate_limit');
export const isTimeout = hasCode('timeout');
export const isNetworkError = hasCode('network');
export const isBadResponse = hasCode('bad_response');
export const isCancelled = hasCode('cancelled');

/** Longest server wait we honour (a hostile retry-after must not stall the editor). */
export const MAX_RETRY_AFTER_MS = 30_000;

const DESCRIPTIONS: Partial<Record<WeaverErrorCode, string>> = {
  auth: 'authentication failed — check the API key',
  rate_limit: 'rate limited — try again shortly',
  timeout: 'request timed out',
  network: 'network error — the connection failed or was lost',
  cancelled: 'request cancelled',
  bad_response: 'bad response from the server',
};

export interface ErrorContext {
  /** Human label such as "OpenAI (gpt-4o-mini)"; defaults to the provider id. */
  label?: string;
  /** Secrets to scrub from any upstream text copied into the message. */
  secrets?: (string | undefined)[];
}

/** Builds a ProviderError with the standard "<label>: <what> (<detail>)" message. */
export function providerError(
  code: WeaverErrorCode,
  providerId: string,
  ctx: ErrorContext & { detail?: string; status?: number; retryAfterMs?: number; cause?: unknown } = {},
): ProviderError {
  const what = DESCRIPTIONS[code] ?? code;
  const detail = ctx.detail ? redact(ctx.detail, ctx.secrets).slice(0, 300) : '';
  const status = ctx.status !== undefined ? ` [HTTP ${ctx.status}]` : '';
  const message = `${ctx.label ?? providerId}: ${what}${status}${detail ? ` (${detail})` : ''}`;
  return new ProviderError({
    code, providerId, message, status: ctx.status, retryAfterMs: ctx.retryAfterMs, cause: ctx.cause,
  });
}

/** Classifies anything thrown by the OpenAI / Anthropic SDKs, fetch or our own code. */
export function toProviderError(e: unknown, providerId: string, ctx: ErrorContext = {}): ProviderError {
  if (isProviderError(e)) return e;
  const base = { ...ctx, cause: e };
  if (e instanceof OpenAI.APIUserAbortError || e instanceof Anthropic.APIUserAbortError || isAbortLike(e)) {
    return providerError('cancelled', providerId, base);
  }
  if (e instanceof OpenAI.APIConnectionTimeoutError || e instanceof Anthropic.APIConnectionTimeoutError) {
    return providerError('timeout', providerId, base);
  }
  if (e instanceof OpenAI.APIConnectionError || e instanceof Anthropic.APIConnectionError) {
    return providerError('network', providerId, { ...base, detail: causeText(e) });
  }
  if (e instanceof OpenAI.APIError || e instanceof Anthropic.APIError) {
    const status = typeof e.status === 'number' ? e.status : undefined;
    const code = codeForStatus(status);
    // Auth failures echo (part of) the key back; never copy their text.
    const detail = code === 'auth' ? undefined : upstreamMessage(e);
    return providerError(code, providerId, { ...base, status, detail, retryAfterMs: retryAfterFrom(e.headers) });
  }
  if (e instanceof SyntaxError) return providerError('bad_response', providerId, { ...base, detail: 'malformed JSON in the response stream' });
  if (isNetworkLike(e)) return providerError('network', providerId, { ...base, detail: causeText(e) });
  return providerError('bad_response', providerId, { ...base, detail: e instanceof Error ? e.message : String(e) });
}

export function codeForStatus(status: number | undefined): WeaverErrorCode {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408 || status === 504) return 'timeout';
  return 'bad_response';
}

/** Reads retry-after-ms (ms) or retry-after (seconds or HTTP date), capped. */
export function retryAfterFrom(headers: unknown, now = Date.now()): number | undefined {
  const get = (name: string): string | null | undefined =>
    headers && typeof (headers as Headers).get === 'function' ? (headers as Headers).get(name) : undefined;
  const ms = Number.parseFloat(get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
  const raw = get('retry-after');
  if (!raw) return undefined;
  const secs = Number.parseFloat(raw);
  if (Number.isFinite(secs) && secs >= 0) return Math.min(secs * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(raw);
  if (Number.isFinite(date)) return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
  return undefined;
}

/** Removes the given secrets and anything shaped like an API key. */
export function redact(text: string, secrets: (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return redactKeyShapes(out);
}

function isAbortLike(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT',
]);

function isNetworkLike(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; depth++) {
    const o = cur as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof o.code === 'string' && NETWORK_CODES.has(o.code)) return true;
    if (cur instanceof TypeError && /terminated|fetch failed|other side closed|socket/i.test(String(o.message))) return true;
    cur = o.cause;
  }
  return false;
}

function causeText(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return e instanceof Error ? e.message : undefined;
}

function upstreamMessage(e: { message: string; error?: unknown }): string | undefined {
  const body = e.error as { message?: unknown; error?: { message?: unknown } } | undefined;
  const m = body?.error?.message ?? body?.message ?? e.message;
  return typeof m === 'string' && m ? m : undefined;
}
