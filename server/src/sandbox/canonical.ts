/**
 * The canonical serialiser in the server's own process (same source as the child's), for
 * turning expected values into the strings probe results are compared with.
 */
import { types } from 'node:util';
import { runInThisContext } from 'node:vm';
import { CANONICAL_SOURCE } from './canonicalSource';

export type Canonicalize = ((value: unknown) => string) & { describeError: (e: unknown) => string };

export const DEFAULT_MAX_VALUE_CHARS = 64 * 1024;

let cached: Canonicalize | undefined;

function make(maxLength: number): Canonicalize {
  const factory = runInThisContext(`(${CANONICAL_SOURCE})`, { filename: 'weavergen-canonical.js' }) as (
    t: typeof types,
    max: number,
  ) => Canonicalize;
  return factory(types, maxLength);
}

/** Canonical string of a value: stable across key/entry order, exact for -0, NaN, BigInt, cycles. */
export function canonicalize(value: unknown, maxLength = DEFAULT_MAX_VALUE_CHARS): string {
  if (maxLength !== DEFAULT_MAX_VALUE_CHARS) return make(maxLength)(value);
  cached ??= make(DEFAULT_MAX_VALUE_CHARS);
  return cached(value);
}
