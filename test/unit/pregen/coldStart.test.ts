/**
 * Cold start (issue 13, item 7): the type checker's warm-up (a synchronous parse of the
 * TypeScript lib in the background worker) no longer goes out before the first background
 * job, where it held that job's prompt back from the models; it follows the job.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Pregenerator } from '../../../server/src/pregen/engine';
import { DEFAULT_PREGENERATION_SETTINGS } from '../../../server/src/protocol/settings';
import type { GenerateResult } from '../../../server/src/protocol';

test('the first background job is submitted before the type-check warm-up', async () => {
  const doc = TextDocument.create('file:///w/a.ts', 'typescript', 1, 'export function half(n: number): number {\n}\n');
  const order: string[] = [];
  let warmed!: () => void;
  const warm = new Promise<void>((r) => { warmed = r; });
  const engine = new Pregenerator({
    document: () => doc, maxContextTokens: () => 2000, warmUpGraceMs: 600_000,
    warmUp: () => { order.push('warm-up'); warmed(); },
    generate: async () => { order.push('job'); return { code: 'return n / 2;', providers: [], quality: { score: 90, components: {} } } as unknown as GenerateResult; },
  });
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    engine.configure({ ...DEFAULT_PREGENERATION_SETTINGS, enabled: true }, true);
    engine.setPlan({ ids: ['l'], jobProvider: { id: 'l', kind: 'openai-compatible' }, members: [{ id: 'l', kind: 'openai-compatible' }], fingerprint: 'f' });
    engine.opened(doc.uri);
    await warm;
    assert.deepEqual(order.slice(0, 2), ['job', 'warm-up']);
  } finally {
    clearInterval(keepAlive);
    await engine.whenIdle();
    engine.dispose();
  }
});
