/**
 * Errors crossing between the server and the background worker keep their type: a
 * ProviderError stays one (fan-out and the per-provider records branch on its code), a
 * WeaverError keeps its code and data (cancellation, no site, every provider failed).
 */
import type { WeaverErrorCode, WeaverErrorData } from '../protocol';
import { isProviderError, ProviderError } from '../providers/errors';
import { isWeaverError, WeaverError } from '../util/errors';

export type WireError =
  | { kind: 'provider'; code: WeaverErrorCode; providerId: string; message: string; status?: number; retryAfterMs?: number; afterOutput?: boolean }
  | { kind: 'weaver'; code: WeaverErrorCode; message: string; data: WeaverErrorData }
  | { kind: 'other'; name: string; message: string };

export function toWire(e: unknown): WireError {
  if (isProviderError(e)) {
    return {
      kind: 'provider', code: e.code, providerId: e.providerId, message: e.message,
      ...(e.status !== undefined ? { status: e.status } : {}),
      ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
      ...(e.afterOutput ? { afterOutput: true } : {}),
    };
  }
  if (isWeaverError(e)) return { kind: 'weaver', code: e.code, message: e.message, data: e.data };
  return { kind: 'other', name: e instanceof Error ? e.name : typeof e, message: e instanceof Error ? e.message : String(e) };
}

export function fromWire(w: WireError): Error {
  if (w.kind === 'provider') {
    const { kind: _kind, ...init } = w;
    return new ProviderError(init);
  }
  if (w.kind === 'weaver') {
    const { code: _code, ...extra } = w.data;
    return new WeaverError(w.code, w.message, extra);
  }
  const e = new Error(w.message);
  e.name = w.name;
  return e;
}
