/** Shared pieces of the team tests: results, keys, a store that is connected, an engine. */
import { SnippetCache } from '../../../server/src/cache';
import type { GenerateResult } from '../../../server/src/protocol';
import { RedisTeamStore, TeamSession, adoptInto, serveWithTeam, type TeamSessionOptions } from '../../../server/src/team';

export function result(code: string, quality = 90, uri = 'file:///home/alice/secret-project/src/strings.ts'): GenerateResult {
  const provider = { id: 'gpt', kind: 'openai' as const, model: 'gpt-4o', recorded: false, status: 'ok' as const, latencyMs: 1200, inputTokens: 300, outputTokens: 40 };
  return {
    code,
    edit: { textDocument: { uri, version: 3 }, edits: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: code }] },
    site: { kind: 'empty-body', range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, intent: 'reverse a string', originalText: '' },
    provider, providers: [provider], recorded: false,
    timings: { totalMs: 1500, contextMs: 10, generationMs: 1490 },
    quality: { score: quality, components: { parses: 1 } },
    traceId: 'trace-0123', resultId: 'result-0123',
  };
}

export const localKey = (uri: string, contextHash: string, kind = 'empty-body', fingerprint = 'fp01') => `${uri}\n${kind}\n${contextHash}\n${fingerprint}`;

export async function connectedStore(url: string, creds: { username?: string; password?: string } = {}): Promise<RedisTeamStore> {
  const store = RedisTeamStore.open({ url, ...creds, timeoutMs: 2000 });
  await store.whenReady();
  return store;
}

/** An in-process engine: its own snippet cache, a team session, a model call counter. */
export class Engine {
  readonly cache = new SnippetCache<GenerateResult>();
  readonly team: TeamSession;
  modelCalls = 0;
  constructor(readonly store: RedisTeamStore, opts: Partial<TeamSessionOptions> & { namespace: string }) {
    this.team = new TeamSession({
      store, shareCode: true, flushMs: 50, ...opts,
      results: { ...opts.results, onAdopt: (k, s) => { adoptInto(this.cache)(k, s); opts.results?.onAdopt?.(k, s); } },
    }).start();
  }
  serve(key: string, code: string) {
    return serveWithTeam(this.cache, this.team, key, async () => {
      this.modelCalls++;
      return { result: result(code), tokens: 340 };
    });
  }
}

/** Flushes until nothing is queued (yielding to the event loop between tries). */
export async function drain(team: TeamSession): Promise<void> {
  for (;;) {
    const s = team.status();
    if (s.queuedIncrements + s.queuedResults === 0) return;
    await team.flush();
    await new Promise((r) => setTimeout(r, 5));
  }
}
