/**
 * Honest metrics (issue 13, item 6): `tokensSpent` counts foreground generations and
 * background jobs that were pre-empted without reporting usage (what the budget keeps charged).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Pregenerator } from '../../../server/src/pregen/engine';
import { findSite } from '../../../server/src/context/siteFinder';
import { DEFAULT_PREGENERATION_SETTINGS } from '../../../server/src/protocol/settings';
import type { GenerateParams, GenerateResult } from '../../../server/src/protocol';
import { cancelledError } from '../../../server/src/util/errors';

const TEXT = 'export function half(n: number): number {\n}\n\nexport function twice(n: number): number {\n}\n';
const PLAN = { ids: ['local'], jobProvider: { id: 'local', kind: 'openai-compatible' as const }, members: [{ id: 'local', kind: 'openai-compatible' as const }], fingerprint: 'f' };
const answer = (doc: TextDocument, params: GenerateParams) => ({
  code: 'return n;', site: findSite(doc.getText(), 'a.ts', { position: params.position })!.site,
  providers: [{ id: 'local', inputTokens: 300, outputTokens: 40 }], quality: { score: 90, components: {} },
}) as unknown as GenerateResult;

test('tokensSpent counts a foreground generation', async () => {
  const doc = TextDocument.create('file:///w/a.ts', 'typescript', 1, TEXT);
  const engine = new Pregenerator({ document: () => doc, maxContextTokens: () => 2000, warmUp: () => undefined, generate: async (d, p) => answer(d, p) });
  try {
    engine.configure({ ...DEFAULT_PREGENERATION_SETTINGS, enabled: true }, false);
    engine.setPlan(PLAN);
    await engine.generate(doc, { textDocument: { uri: doc.uri }, position: { line: 0, character: 20 } }, new AbortController().signal);
    assert.equal(engine.metrics().tokensSpent, 340);
  } finally {
    engine.dispose();
  }
});

test('tokensSpent counts a background job pre-empted by a request for another site', async () => {
  const doc = TextDocument.create('file:///w/a.ts', 'typescript', 1, TEXT);
  let started!: (line: number) => void;
  const jobStarted = new Promise<number>((r) => { started = r; });
  const engine = new Pregenerator({
    document: () => doc, maxContextTokens: () => 2000, warmUp: () => undefined,
    generate: async (d, p) => answer(d, p),
    generateInBackground: (_d, params, signal) => new Promise((_, reject) => {
      started(params.position!.line);
      signal.addEventListener('abort', () => reject(cancelledError()), { once: true });
    }),
  });
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    engine.configure({ ...DEFAULT_PREGENERATION_SETTINGS, enabled: true, maxSites: 1 }, true);
    engine.setPlan(PLAN);
    engine.opened(doc.uri);
    const line = await jobStarted;
    const other = line === 0 ? 3 : 0;
    await engine.generate(doc, { textDocument: { uri: doc.uri }, position: { line: other, character: 20 } }, new AbortController().signal);
    engine.closed(doc.uri); // the re-queued job goes; nothing else runs
    await engine.whenIdle();
    const m = engine.metrics();
    assert.ok(m.tokensSpent > 340, `tokensSpent ${m.tokensSpent}: the pre-empted job's prompt is not counted`);
  } finally {
    clearInterval(keepAlive);
    engine.dispose();
  }
});
