/**
 * Cache keys of generated tests, from the function's LOCAL context only: its symbol, its
 * declaration text with the doc comment, the test file's identity (URI, whether it
 * exists) and framework — plus the module URI, the kind and the provider fingerprint.
 * An edit of the function changes the key; an edit elsewhere in the module does not. Pure.
 */
import { cacheKey, sha } from '../cache/contextKey';
import type { TestTarget } from './resolve';

export const TEST_KIND = 'missing-test';

export function testCacheKey(uri: string, t: TestTarget, fingerprint: string): string {
  const ctx = JSON.stringify([t.fn.symbol, t.fn.declText, t.fn.doc ?? '', t.testFile.uri, t.testFile.exists, t.framework]);
  return cacheKey(uri, TEST_KIND, sha(ctx), fingerprint);
}

/** Whether a cache/scheduler key is a generated-test key (the engine leaves those to testgen). */
export const isTestKey = (key: string): boolean => key.split('\n', 3)[1] === TEST_KIND;
