/**
 * The background pipeline worker: whole generations run in a worker thread while the
 * server's real providers (here the OpenAI-compatible adapter against the fake model
 * server) answer its model calls, and its spans land in the server's telemetry.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';
import { createProvider } from '../../../server/src/providers/registry';
import { BackgroundPipeline, type PipelineDeps } from '../../../server/src/background/pipeline';
import { DEFAULT_SETTINGS, type WeaverSettings } from '../../../server/src/protocol/settings';
import { getTrace, instrumentProvider, Telemetry } from '../../../server/src/telemetry';
import { isGenerationCancelled } from '../../../server/src/util/errors';
import type { GenerateResult } from '../../../server/src/protocol';
import type { ModelProvider } from '../../../server/src/providers/types';
import { fence, MAX2_AT, MAX2_SOURCE } from '../../lsp/fixtures';
import { getSandboxSpawner, resetSandboxSpawner } from '../../../server/src/sandbox/spawner/client';
import { runTask } from '../../../server/src/workers/tasks';

const WORKER = path.resolve(__dirname, '../../../server/src/background/backgroundWorker.ts');
const IMPL = '  return a > b ? a : b;';

let fake: FakeModelServer;
before(async () => { fake = await startFakeModelServer(); });
after(async () => { await fake?.close(); });
beforeEach(() => fake.reset());

const provider = (id: string, telemetry: Telemetry): ModelProvider => instrumentProvider(createProvider({
  id, kind: 'openai-compatible', model: `m-${id}`, baseURL: fake.openaiBaseURL, maxRetries: 0, timeoutMs: 20000,
}), telemetry);

function setup(ids: string[], over: Partial<PipelineDeps> = {}, settings: Partial<WeaverSettings> = {}) {
  const telemetry = new Telemetry();
  const providers = ids.map((id) => provider(id, telemetry));
  const observed: GenerateResult[] = [];
  const fallbacks: string[] = [];
  const pipeline = new BackgroundPipeline({
    source: { settings: () => ({ ...DEFAULT_SETTINGS, ...settings }), current: async () => ({ providers, infos: [], notes: [] }) },
    telemetry,
    learning: { weights: () => undefined, observe: (r) => void observed.push(r) },
    trusted: () => true,
    openDocuments: () => [],
    fallback: async (doc) => { fallbacks.push(doc.uri); throw new Error('fallback used'); },
    workerFile: WORKER,
    ...over,
  });
  return { telemetry, pipeline, observed, fallbacks };
}

const doc = (uri = 'file:///work/max2.ts') => TextDocument.create(uri, 'typescript', 3, MAX2_SOURCE);
const params = (uri = 'file:///work/max2.ts') => ({ textDocument: { uri }, position: MAX2_AT });

test('a generation runs in the worker: it makes the server\'s providers from their configuration and calls the models, the result is the pipeline\'s, spans join the job\'s trace', async (t) => {
  const { telemetry, pipeline, observed } = setup(['a', 'b']);
  t.after(() => pipeline.dispose());
  resetSandboxSpawner();
  fake.setReply(fence(IMPL));
  const job = telemetry.startSpan('weavergen.pregen.job', undefined, { parent: null });
  const result = await pipeline.generate(doc(), params(), new AbortController().signal, { parent: job });
  job.end();
  assert.equal(pipeline.mode, 'worker');
  assert.equal(result.code.trim(), IMPL.trim());
  assert.deepEqual(result.edit.textDocument, { uri: 'file:///work/max2.ts', version: 3 });
  assert.deepEqual(result.providers.map((p) => [p.id, p.status]).sort(), [['a', 'ok'], ['b', 'ok']]);
  assert.equal(fake.requests.filter((r) => r.api === 'openai').length, 2, 'each provider was asked once, over HTTP');
  assert.equal(result.execution?.ran, true, `the candidate ran in the sandbox from the worker (${result.execution?.reason ?? ''})`);
  assert.ok((result.execution?.probes ?? 0) > 0);
  assert.ok(getSandboxSpawner().pid !== undefined, 'the worker\'s sandbox runs were started by this thread\'s spawner helper');
  assert.equal(observed.length, 1, 'the result is recorded for learning on the server');

  const trace = getTrace(telemetry.store, job.traceId);
  assert.ok(trace, 'the job\'s trace is in the server\'s store');
  const names = trace.spans.map((s) => s.name);
  const generate = trace.spans.find((s) => s.name === 'weavergen.generate');
  assert.ok(generate, `the generation span came over (${names.join(', ')})`);
  assert.equal(generate.parentSpanId, job.spanId, 'nested under the job span started on the server');
  assert.equal(names.filter((n) => n.startsWith('chat ')).length, 2, 'one chat span per model call, recorded once');
  assert.equal(result.traceId, job.traceId);
});

test('an aborted job rejects at once as cancelled and its HTTP requests go away', async (t) => {
  const { pipeline } = setup(['a']);
  t.after(() => pipeline.dispose());
  fake.addFault({ hang: true });
  const controller = new AbortController();
  const running = pipeline.generate(doc(), params(), controller.signal);
  await fake.waitForRequests(1);
  controller.abort();
  await assert.rejects(running, (e) => isGenerationCancelled(e));
  await fake.waitForAborted(1);
});

test('a failing provider degrades to the others and keeps its typed error code', async (t) => {
  const { pipeline } = setup(['a', 'b']);
  t.after(() => pipeline.dispose());
  fake.setReply(fence(IMPL));
  fake.addFault({ model: 'm-b', status: 401 });
  const result = await pipeline.generate(doc(), params(), new AbortController().signal);
  assert.equal(result.provider.id, 'a');
  const b = result.providers.find((p) => p.id === 'b');
  assert.equal(b?.status, 'error');
  assert.equal(b?.error?.code, 'auth');
  assert.deepEqual(result.missing?.map((m) => m.providerId), ['b']);
});

test('no site: the pipeline\'s own error comes back typed', async (t) => {
  const { pipeline } = setup(['a']);
  t.after(() => pipeline.dispose());
  const plain = TextDocument.create('file:///work/plain.ts', 'typescript', 1, 'const x = 1;\n');
  await assert.rejects(pipeline.generate(plain, { textDocument: { uri: plain.uri }, position: { line: 0, character: 3 } }, new AbortController().signal),
    (e: unknown) => (e as { code?: string }).code === 'no_site');
  assert.equal(fake.requests.length, 0);
});

test('a worker that dies fails its job with a clear error; after maxCrashes jobs run in-process', async (t) => {
  const crashing = path.join(__dirname, 'crashingWorker.ts');
  const { pipeline, fallbacks } = setup(['a'], { workerFile: crashing, maxCrashes: 1 });
  t.after(() => pipeline.dispose());
  await assert.rejects(pipeline.generate(doc(), params(), new AbortController().signal), /background worker (failed|exited)/);
  assert.equal(pipeline.mode, 'in-process');
  assert.match(pipeline.reason ?? '', /in-process/);
  await assert.rejects(pipeline.generate(doc(), params(), new AbortController().signal), /fallback used/);
  assert.deepEqual(fallbacks, ['file:///work/max2.ts']);
});

test('inProcess: every job goes to the fallback, no worker is started', async () => {
  const { pipeline, fallbacks } = setup(['a'], { inProcess: 'WEAVERGEN_BACKGROUND_WORKER=0' });
  await assert.rejects(pipeline.generate(doc(), params(), new AbortController().signal), /fallback used/);
  assert.equal(pipeline.task('siteTargets', { uri: 'file:///work/max2.ts', text: MAX2_SOURCE, file: 'max2.ts', fingerprint: 'f', predict: {} }), undefined,
    'no worker: the caller runs the step its own way');
  assert.equal(pipeline.reason, 'WEAVERGEN_BACKGROUND_WORKER=0');
  assert.deepEqual(fallbacks, ['file:///work/max2.ts']);
  await pipeline.dispose();
});

test('a provider the registry did not make is called on the server for the worker', async (t) => {
  const telemetry = new Telemetry();
  const calls: string[] = [];
  const handMade: ModelProvider = {
    id: 'hand', kind: 'openai-compatible', model: 'hand-1', recorded: false,
    complete: async (req) => {
      calls.push(req.messages[0].content.slice(0, 20));
      return { text: fence(IMPL), model: 'hand-1', usage: { inputTokens: 10, outputTokens: 5 }, latencyMs: 1, retries: 0, recorded: false };
    },
  };
  const { pipeline } = setup([], {
    telemetry,
    source: { settings: () => ({ ...DEFAULT_SETTINGS, execution: { enabled: false, allowWithoutOsSandbox: false } }), current: async () => ({ providers: [handMade], infos: [], notes: [] }) },
  });
  t.after(() => pipeline.dispose());
  const result = await pipeline.generate(doc(), params(), new AbortController().signal);
  assert.equal(result.code.trim(), IMPL.trim());
  assert.equal(result.provider.id, 'hand');
  assert.equal(calls.length, 1, 'the call was made on this thread');
  assert.equal(fake.requests.length, 0);
});

test('task: a refresh\'s site prediction runs in the worker and answers what it answers in-process', async (t) => {
  const { pipeline } = setup([]);
  t.after(() => pipeline.dispose());
  const job = { uri: 'file:///work/max2.ts', text: MAX2_SOURCE, file: 'max2.ts', fingerprint: 'f', predict: { cursor: MAX2_AT } };
  const there = await pipeline.task('siteTargets', job);
  assert.equal(pipeline.mode, 'worker');
  assert.deepEqual(there, runTask('siteTargets', job));
  assert.ok(there.targets.length >= 1, 'the stub body is a target');
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(pipeline.task('siteTargets', job, aborted.signal)!, (e) => isGenerationCancelled(e));
});
