/**
 * The Pregenerator ranks the sites it pre-generates with the acceptance learned in earlier
 * sessions (deps.acceptance) summed with this session's: the top-ranked site's job runs first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Pregenerator } from '../../../server/src/pregen/engine';
import { DEFAULT_PREGENERATION_SETTINGS } from '../../../server/src/protocol/settings';
import type { GenerateResult } from '../../../server/src/protocol';

const TEXT = [
  'export function stubbed(a: number): number {',
  "  throw new Error('not implemented');",
  '}',
  '',
  'export function empty(a: number): number {',
  '}',
  '',
].join('\n');

/** The line of the first generation the engine started, given the learned acceptance. */
async function firstJobLine(learned?: Record<string, { accepted: number; shown: number }>): Promise<number> {
  const doc = TextDocument.create('file:///w/a.ts', 'typescript', 1, TEXT);
  let first!: (line: number) => void;
  const started = new Promise<number>((r) => { first = r; });
  const engine = new Pregenerator({
    document: () => doc,
    maxContextTokens: () => 2000,
    warmUp: () => undefined,
    acceptance: learned && (() => learned),
    generate: async (_d, params) => {
      first(params.position?.line ?? -1);
      return { code: 'return 1;', providers: [], quality: { score: 90, components: {} } } as unknown as GenerateResult;
    },
  });
  // The engine's debounce timers are unref'd (they never keep a server alive); this test's wait must.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    engine.configure({ ...DEFAULT_PREGENERATION_SETTINGS, enabled: true }, true);
    engine.setPlan({ ids: ['local'], jobProvider: { id: 'local', kind: 'openai-compatible' }, members: [{ id: 'local', kind: 'openai-compatible' }], fingerprint: 'f' });
    engine.opened(doc.uri);
    return await started;
  } finally {
    await engine.whenIdle();
    engine.dispose();
    clearInterval(keepAlive);
  }
}

test('learned acceptance per site kind decides which predicted site is pre-generated first', async () => {
  const favourEmpty = await firstJobLine({ 'empty-body': { accepted: 20, shown: 20 }, 'stub-body': { accepted: 0, shown: 20 } });
  const favourStub = await firstJobLine({ 'empty-body': { accepted: 0, shown: 20 }, 'stub-body': { accepted: 20, shown: 20 } });
  assert.ok(favourEmpty >= 4, `the empty body (line 4+) first, got line ${favourEmpty}`);
  assert.ok(favourStub <= 2, `the stub (lines 0-2) first, got line ${favourStub}`);
});
