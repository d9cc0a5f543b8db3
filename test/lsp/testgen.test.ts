/**
 * Generated tests over the real protocol: with pre-generation on, an open file with an
 * exported implemented function and no tests gets a background test job; the code action
 * then offers the cached tests (quality, mutants killed) and its edit creates the sibling
 * test file. The fake model's two providers answer one passing and one failing test: the
 * failing one is never chosen. On a miss, the plain action runs the server command, which
 * generates in the foreground and applies the edit through workspace/applyEdit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, ExecuteCommandRequest, type CodeAction, type CreateFile, type TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { PregenMetricsRequest, TestGenCommands, TraceRequest, type GenerateTestsResult } from '../../server/src/protocol';
import { settingsFor, type TestClient } from './harness';
import { startPregenClient, waitMetrics, type PregenClient } from './pregenClient';

const SOURCE = [
  '/** Clamps n into [lo, hi]. */',
  'export function clamp(n: number, lo: number, hi: number): number {',
  '  if (n < lo) return lo;',
  '  return n > hi ? hi : n;',
  '}',
  '',
].join('\n');
const IN_FN = { line: 1, character: 20 };

const GOOD = "```ts\nimport { describe, it } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { clamp } from './clamp';\n\n" +
  "describe('clamp', () => {\n  it('keeps values inside (GOOD)', () => {\n    assert.equal(clamp(5, 0, 10), 5);\n    assert.equal(clamp(-1, 0, 10), 0);\n    assert.equal(clamp(11, 0, 10), 10);\n  });\n});\n```";
const BAD = "```ts\nimport { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { clamp } from './clamp';\n\n" +
  "test('clamp (BAD)', () => {\n  assert.equal(clamp(11, 0, 10), 11);\n  assert.equal(clamp(1, 0, 10), 1);\n  assert.equal(clamp(2, 0, 10), 2);\n  assert.equal(clamp(3, 0, 10), 3);\n});\n```";

let fake: FakeModelServer;
let dir: string;
const clients: TestClient[] = [];

before(async () => {
  fake = await startFakeModelServer();
  fake.setResponder((req) => (req.prompt.includes('Write unit tests') ? (req.model === 'good-coder' ? GOOD : BAD) : '```ts\nreturn 0;\n```'));
  dir = mkdtempSync(path.join(tmpdir(), 'weavergen-testgen-'));
});
after(async () => {
  for (const c of clients) assert.equal(await c.close(), 0);
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const settings = (extra: Record<string, unknown> = {}) => settingsFor(
  [{ id: 'bad', baseURL: fake.openaiBaseURL, model: 'bad-coder' }, { id: 'good', baseURL: fake.openaiBaseURL, model: 'good-coder' }], extra);

async function client(s: Record<string, unknown>): Promise<PregenClient> {
  const c = await startPregenClient(s, clients, { trusted: true });
  await c.waitFor('status', (st: { state: string }) => st.state === 'ready');
  return c;
}

const actionsAt = async (c: TestClient, uri: string) => (await c.conn.sendRequest(CodeActionRequest.type, {
  textDocument: { uri }, range: { start: IN_FN, end: IN_FN }, context: { diagnostics: [] },
})) as CodeAction[];

const testPrompts = () => fake.requests.filter((r) => JSON.stringify(r.body ?? '').includes('Write unit tests for the exported function `clamp`'));

test('pre-generation: a background test job fills the cache; the code action offers the cached tests and creates the sibling test file; the failing candidate is not chosen', async () => {
  const c = await client(settings());
  const sub = path.join(dir, 'a');
  const uri = pathToFileURL(path.join(sub, 'clamp.ts')).href;
  const seen = testPrompts().length;
  c.open(uri, SOURCE);
  await waitMetrics(c, (m) => m.cacheEntries >= 1 && m.running === 0 && m.queued === 0);
  assert.equal(testPrompts().length - seen, 2, 'one background test job asked both providers');

  const actions = await actionsAt(c, uri);
  const cached = actions.find((a) => a.title.startsWith('Create pre-generated tests for `clamp`'));
  assert.ok(cached, JSON.stringify(actions.map((a) => a.title)));
  assert.match(cached.title, /\(Quality \d+, 2 mutants killed\)$/);
  const changes = cached.edit!.documentChanges!;
  const create = changes[0] as CreateFile;
  assert.equal(create.kind, 'create');
  assert.equal(create.uri, pathToFileURL(path.join(sub, 'clamp.test.ts')).href);
  assert.equal(create.options?.ignoreIfExists, true);
  const fill = changes[1] as TextDocumentEdit;
  assert.equal(fill.textDocument.uri, create.uri);
  const text = (fill.edits[0] as { newText: string }).newText;
  assert.match(text, /GOOD/);
  assert.doesNotMatch(text, /BAD/);
  assert.match(text, /import \{ clamp \} from '\.\/clamp';/);
  assert.equal(testPrompts().length - seen, 2, 'serving from the cache asked no model');

  const hitsBefore = (await c.conn.sendRequest(PregenMetricsRequest, undefined)).hits;
  const viaCommand = await c.conn.sendRequest(ExecuteCommandRequest.type,
    { command: TestGenCommands.generateTests, arguments: [{ uri, version: 1, position: IN_FN }] }) as GenerateTestsResult;
  assert.equal(viaCommand.applied, true, JSON.stringify(viaCommand));
  assert.equal(testPrompts().length - seen, 2, 'the command answered from the cache too');
  assert.equal((await c.conn.sendRequest(PregenMetricsRequest, undefined)).hits, hitsBefore + 1, 'and counted a hit');
});

test('a miss offers "Generate tests"; the command generates in the foreground and applies the edit (the passing candidate)', async () => {
  const c = await client(settings({ pregeneration: { enabled: false } }));
  const uri = pathToFileURL(path.join(dir, 'b', 'clamp.ts')).href;
  c.open(uri, SOURCE);
  const actions = await actionsAt(c, uri);
  assert.ok(!actions.some((a) => a.title.startsWith('Create pre-generated tests')));
  const gen = actions.find((a) => a.title === 'Generate tests for `clamp`');
  assert.ok(gen?.command, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(gen.command.command, TestGenCommands.generateTests);
  const r = await c.conn.sendRequest(ExecuteCommandRequest.type, gen.command) as GenerateTestsResult;
  assert.equal(r.applied, true, JSON.stringify(r));
  const applied = c.applied.at(-1)!;
  const changes = applied.edit.documentChanges!;
  assert.equal((changes[0] as CreateFile).kind, 'create');
  const text = ((changes[1] as TextDocumentEdit).edits[0] as { newText: string }).newText;
  assert.match(text, /GOOD/);
  assert.doesNotMatch(text, /BAD/);
  assert.ok(c.messages.some((m) => /tests for clamp added to clamp\.test\.ts \(1 passing, 2\/2 mutants killed/.test(m.message)), JSON.stringify(c.messages));

  // The evidence: one trace with the models asked and a run per distinct candidate.
  assert.ok(r.traceId, 'the result names its trace');
  const trace = await c.conn.sendRequest(TraceRequest, { traceId: r.traceId! });
  const names = trace!.spans.map((s) => s.name);
  assert.equal(names.filter((n) => n === 'weavergen.tests.generate').length, 1, names.join());
  assert.equal(names.filter((n) => n.startsWith('chat ')).length, 2, names.join());
  const runs = trace!.spans.filter((s) => s.name === 'weavergen.tests.validate');
  assert.equal(runs.length, 2, 'the passing and the failing candidate each ran');
  assert.deepEqual(runs.map((s) => s.attributes['weavergen.tests.passed']).sort(), [false, true]);
});

test('only failing tests: nothing is applied and the user is told why', async () => {
  const c = await client(settings({ pregeneration: { enabled: false } }));
  const uri = pathToFileURL(path.join(dir, 'c', 'clamp.ts')).href;
  fake.setResponder((req) => (req.prompt.includes('Write unit tests') ? BAD : '```ts\nreturn 0;\n```'));
  try {
    c.open(uri, SOURCE);
    const before = c.applied.length;
    const r = await c.conn.sendRequest(ExecuteCommandRequest.type,
      { command: TestGenCommands.generateTests, arguments: [{ uri, version: 1, position: IN_FN }] }) as GenerateTestsResult;
    assert.equal(r.applied, false);
    assert.equal(r.code, 'all_failed');
    assert.equal(c.applied.length, before);
    assert.ok(c.messages.some((m) => /passed against the current implementation/.test(m.message)));
  } finally {
    fake.setResponder((req) => (req.prompt.includes('Write unit tests') ? (req.model === 'good-coder' ? GOOD : BAD) : '```ts\nreturn 0;\n```'));
  }
});
