/** Maps generation failures to LSP ResponseErrors carrying WeaverErrorData. */
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import type { WeaverErrorData } from '../protocol';
import { asWeaverError } from '../util/errors';

export function toResponseError(e: unknown): ResponseError<WeaverErrorData> {
  const w = asWeaverError(e);
  const code = w.code === 'cancelled' ? LSPErrorCodes.RequestCancelled
    : w.code === 'invalid_params' ? ErrorCodes.InvalidParams
    : LSPErrorCodes.RequestFailed;
  return new ResponseError(code, w.message, w.data);
}
