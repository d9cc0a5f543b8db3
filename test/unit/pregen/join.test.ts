/**
 * Join, don't restart (issue 13, item 4): a request for a site whose background job is
 * running gets that job's answers; the job is neither aborted nor re-queued, and the
 * prompt is sent once. A request for a site whose job is only queued drops the job.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Pregenerator } from '../../../server/src/pregen/engine';
import { BackgroundScheduler } from '../../../server/src/scheduler';
import { DEFAULT_PREGENERATION_SETTINGS } from '../../../server/src/protocol/settings';
import type { GenerateParams, GenerateResult } from '../../../server/src/protocol';
import { findSite } from '../../../server/src/context/siteFinder';
import { cancelledError } from '../../../server/src/util/errors';

const TEXT = 'export function half(n: number): number {\n  // TODO: return half of n\n}\n';
const PLAN = { ids: ['local'], jobProvider: { id: 'local', kind: 'openai-compatible' as const }, members: [{ id: 'local', kind: 'openai-compatible' as const }], fingerprint: 'f' };

function answer(doc: TextDocument, params: GenerateParams, code: string): GenerateResult {
  const found = findSite(doc.getText(), 'a.ts', { position: params.position })!;
  return { code, site: found.site, providers: [{ id: 'local', inputTokens: 300, outputTokens: 40 }], quality: { score: 90, components: {} } } as unknown as GenerateResult;
}

test('a request for a site whose background job is running joins it: one prompt, the job\'s answer, nothing re-queued', async () => {
  const doc = TextDocument.create('file:///w/a.ts', 'typescript', 1, TEXT);
  const prompts: string[] = [];
  let started!: () => void;
  const jobStarted = new Promise<void>((r) => { started = r; });
  let release!: () => void;
  const answersIn = new Promise<void>((r) => { release = r; });
  const engine = new Pregenerator({
    document: () => doc, maxContextTokens: () => 2000, warmUp: () => undefined,
    generate: async (d, params) => { prompts.push('foreground'); return answer(d, params, 'return n / 2; // foreground'); },
    // Like the real pipeline: a model call in flight rejects when its signal aborts.
    generateInBackground: (d, params, signal) => new Promise((resolve, reject) => {
      prompts.push('background');
      started();
      signal.addEventListener('abort', () => reject(cancelledError()), { once: true });
      void answersIn.then(() => resolve(answer(d, params, 'return n / 2; // background')));
    }),
  });
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    engine.configure({ ...DEFAULT_PREGENERATION_SETTINGS, enabled: true }, true);
    engine.setPlan(PLAN);
    engine.opened(doc.uri);
    await jobStarted;
    const request = engine.generate(doc, { textDocument: { uri: doc.uri }, position: { line: 1, character: 5 } }, new AbortController().signal);
    release();
    const result = await request;
    await engine.whenIdle();
    assert.equal(result.code, 'return n / 2; // background');
    assert.equal(result.fromCache, false, 'the request waited for the generation: not a cache hit');
    assert.deepEqual(prompts, ['background'], 'the same site was generated again');
    const m = engine.metrics();
    assert.equal(m.jobs.completed, 1);
    assert.equal(m.wastedTokens, 0, 'the joined job\'s tokens were served');
  } finally {
    clearInterval(keepAlive);
    engine.dispose();
  }
});

test('forget: a queued job for the site a user request generates is dropped; a pre-empted one is not re-queued', async () => {
  const s = new BackgroundScheduler({ concurrency: 1 });
  const runs: string[] = [];
  const spec = (key: string) => ({
    uri: 'u', contextKey: key, provider: { id: 'p', kind: 'openai-compatible' as const }, estimatedTokens: 10,
    run: (signal: AbortSignal) => new Promise<{ tokensUsed: number }>((resolve, reject) => {
      runs.push(key);
      signal.addEventListener('abort', () => reject(cancelledError()), { once: true });
      setTimeout(() => resolve({ tokensUsed: 5 }), 20);
    }),
  });
  const a = s.enqueue(spec('A'));
  const b = s.enqueue(spec('B'));
  // A user request for A pre-empts the running A, and says it generates A (and B's queued job goes too).
  const fg = s.runForeground(async () => 'done');
  s.forget('A');
  s.forget('B');
  await fg;
  assert.deepEqual(await b.done, { status: 'cancelled', reason: 'answered' });
  assert.deepEqual({ ...(await a.done), tokensCharged: undefined }, { status: 'cancelled', reason: 'answered', tokensCharged: undefined });
  await s.whenIdle();
  assert.deepEqual(runs, ['A'], 'A was sent again after the user had it');
  s.dispose();
});
