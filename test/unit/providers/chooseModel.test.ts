/** A detected local server: vLLM's port is probed, and an embedding model is never chosen to write code. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';
import { chooseModel, isEmbeddingModel } from '../../../server/src/providers/chooseModel';
import { guessProduct, parseModelList } from '../../../server/src/providers/detect';
import { demoRecordingPath, resolveProviders } from '../../../server/src/providers/registry';
import { DEFAULT_SETTINGS } from '../../../server/src/protocol/settings';

let server: FakeModelServer;
before(async () => {
  server = await startFakeModelServer({ models: ['nomic-embed-text:latest', 'bge-m3', 'llama3.1:8b', 'qwen2.5-coder:7b'] });
});
after(async () => {
  await server.close();
});

test('embedding and reranking models are recognised by name', () => {
  for (const id of ['nomic-embed-text', 'text-embedding-3-small', 'bge-m3', 'BAAI/bge-large-en', 'intfloat/e5-mistral', 'mxbai-embed-large', 'gte-qwen2', 'jina-reranker-v2']) {
    assert.ok(isEmbeddingModel(id), id);
  }
  for (const id of ['llama3.1:8b', 'qwen2.5-coder:7b', 'deepseek-coder-v2', 'mistral', 'Qwen/Qwen2.5-Coder-7B-Instruct']) assert.ok(!isEmbeddingModel(id), id);
});

test('a code model first, else the first chat model, never an embedding model', () => {
  assert.equal(chooseModel(['nomic-embed-text', 'llama3.1', 'qwen2.5-coder']), 'qwen2.5-coder');
  assert.equal(chooseModel(['nomic-embed-text', 'llama3.1', 'mistral']), 'llama3.1');
  assert.equal(chooseModel(['nomic-embed-text', 'bge-m3']), undefined);
});

test('model list metadata saying "embeddings" drops the entry', () => {
  assert.deepEqual(parseModelList({ data: [{ id: 'x', type: 'embeddings' }, { id: 'y', type: 'llm' }, { id: 'z', capabilities: ['embedding'] }] }), ['y']);
});

test('vLLM port 8000 is probed by default and named', () => {
  assert.ok(DEFAULT_SETTINGS.localServerURLs.includes('http://127.0.0.1:8000/v1'));
  assert.equal(guessProduct('http://127.0.0.1:8000/v1'), 'vllm');
});

test('a real server listing an embedding model first: the detected provider uses the code model', async () => {
  // Detection probes with a short timeout; on a loaded machine a probe can miss, so a few tries (a bound, not a timing claim).
  let models: string[] = [];
  for (let i = 0; i < 5 && !models.length; i++) {
    const r = await resolveProviders({ ...DEFAULT_SETTINGS, detectLocalServers: true, localServerURLs: [server.openaiBaseURL], replayDemo: 'never' },
      { keys: {}, demoRecordingPath: demoRecordingPath() });
    models = r.providers.map((p) => p.model);
  }
  assert.deepEqual(models, ['qwen2.5-coder:7b']);
});
