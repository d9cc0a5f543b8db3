/** fanOut with a hostile answer: the accept step's failure is that provider's bad_response, the rest goes on. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';
import { createProvider } from '../../../server/src/providers/registry';
import { fanOut } from '../../../server/src/orchestra/fanOut';
import { extractCode } from '../../../server/src/generation/extract';

let fake: FakeModelServer;
before(async () => { fake = await startFakeModelServer(); });
after(async () => { await fake?.close(); });

const provider = (id: string) => createProvider({
  id, kind: 'openai-compatible', model: `m-${id}`, baseURL: fake.openaiBaseURL, maxRetries: 0, timeoutMs: 20000,
});

test('escape 7: a 1,200-level nested answer is bad_response for its provider; the good answer is kept', async () => {
  fake.setReply(`return ${'('.repeat(1200)}a${')'.repeat(1200)} + b;`, 'm-evil');
  fake.setReply('return a + b;', 'm-good');
  const r = await fanOut([provider('evil'), provider('good')], { system: 's', messages: [{ role: 'user', content: 'sum' }] }, {
    samplesPerProvider: 1, providerDeadlineMs: 60_000, overallDeadlineMs: 60_000, quorum: 2, signal: new AbortController().signal,
    accept: (text) => {
      const code = extractCode(text, { shape: 'body', indent: '  ', symbol: 'f' });
      return { value: code, key: code.trim() };
    },
  });
  assert.deepEqual(r.samples.map((s) => [s.provider.id, s.value]), [['good', '  return a + b;']]);
  const evil = r.uses.find((u) => u.id === 'evil');
  assert.equal(evil?.status, 'error');
  assert.equal(evil?.error?.code, 'bad_response');
  assert.match(evil?.error?.message ?? '', /could not be processed: .*nests brackets too deeply/);
  assert.deepEqual(r.missing.map((m) => m.providerId), ['evil']);
});
