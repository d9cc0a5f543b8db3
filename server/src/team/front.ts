/**
 * Where team results plug into a request: the local cache first — that path never touches
 * the network — then, on a miss only, a teammate's result (in-memory mirror, else one GET
 * with the store's short deadline), then the models. A fresh validated result is stored
 * locally and queued for the team (never awaited). This is the order the language server's
 * request front follows; the bench and the tests drive engines through it.
 */
import type { SnippetCache } from '../cache';
import type { GenerateResult } from '../protocol';
import type { TeamSession } from './session';

export interface Served {
  result: GenerateResult;
  source: 'local' | 'team' | 'model';
  /** Model tokens this request spent. */
  tokens: number;
}

export async function serveWithTeam(
  cache: SnippetCache<GenerateResult>,
  team: TeamSession | undefined,
  key: string,
  generate: () => Promise<{ result: GenerateResult; tokens: number }>,
): Promise<Served> {
  const hit = cache.get(key);
  if (hit) return { result: hit.result, source: 'local', tokens: 0 };
  const shared = await team?.lookup(key);
  if (shared) {
    cache.set(key, { result: shared.result, tokens: shared.tokens, origin: 'foreground' }, { recordSpend: false });
    return { result: shared.result, source: 'team', tokens: 0 };
  }
  const { result, tokens } = await generate();
  cache.set(key, { result, tokens, origin: 'foreground' });
  team?.share(key, result, tokens);
  return { result, source: 'model', tokens };
}

/** The adopt hook for TeamResults: a teammate's result lands in the local cache (if absent). */
export function adoptInto(cache: SnippetCache<GenerateResult>) {
  return (localKey: string, shared: { result: GenerateResult; tokens: number }): void => {
    if (!cache.has(localKey)) cache.set(localKey, { result: shared.result, tokens: shared.tokens, origin: 'background' }, { recordSpend: false });
  };
}
