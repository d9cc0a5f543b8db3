/**
 * Typed generation errors. Carries a WeaverErrorCode and, when every provider failed,
 * the per-provider failures. Branch with the predicates, never on message text.
 */
import type { WeaverErrorCode, WeaverErrorData } from '../protocol';

export class WeaverError extends Error {
  override readonly name = 'WeaverError';
  readonly code: WeaverErrorCode;
  readonly data: WeaverErrorData;

  constructor(code: WeaverErrorCode, message: string, extra: Omit<WeaverErrorData, 'code'> = {}) {
    super(message);
    this.code = code;
    this.data = { code, ...extra };
  }
}

export const isWeaverError = (e: unknown): e is WeaverError => e instanceof WeaverError;
const hasCode = (code: WeaverErrorCode) => (e: unknown): e is WeaverError => isWeaverError(e) && e.code === code;
export const isGenerationCancelled = hasCode('cancelled');
export const isNoSite = hasCode('no_site');
export const isAllFailed = hasCode('all_failed');
export const isNoProvider = hasCode('no_provider');
export const isStaleVersion = hasCode('stale_version');

export const cancelledError = (): WeaverError => new WeaverError('cancelled', 'Generation was cancelled.');

/** Any thrown value as a WeaverError (unknown failures become 'bad_response'). */
export function asWeaverError(e: unknown): WeaverError {
  if (isWeaverError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new WeaverError('bad_response', `WeaverGen internal error: ${message}`);
}
