/**
 * Request params checked at the handler boundary: a value that does not fit its schema
 * (server/src/protocol/paramSchemas.ts) is answered with ResponseError -32602 (InvalidParams)
 * whose message names the field, before any handler code reads it.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { WeaverErrorData } from '../protocol';
import { isInvalidValue, parse, type Check } from '../protocol/validate';
import { WeaverError } from '../util/errors';

/** The params typed, or the -32602 answer to return instead. */
export function checkParams<T>(check: Check<T>, params: unknown): T | ResponseError<WeaverErrorData> {
  try {
    return parse(check, params);
  } catch (e) {
    if (!isInvalidValue(e)) throw e;
    return invalidParams(e.message);
  }
}

/** A command's first argument, checked; a bad one throws `invalid_params` naming the command and the field. */
export function commandArgument<T>(check: Check<T>, params: { arguments?: unknown[] }, command: string): T {
  try {
    return parse(check, params.arguments?.[0], 'arguments[0]');
  } catch (e) {
    if (isInvalidValue(e)) throw new WeaverError('invalid_params', `${command}: ${e.message}.`);
    throw e;
  }
}

export function invalidParams(message: string): ResponseError<WeaverErrorData> {
  return new ResponseError(ErrorCodes.InvalidParams, message, { code: 'invalid_params' });
}

export const isResponseError = (v: unknown): v is ResponseError<unknown> => v instanceof ResponseError;
