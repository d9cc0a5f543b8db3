/**
 * State files that cannot be turned against the user, over the real protocol (dist/server.js over
 * stdio): a storage dir with planted symlinks (the outcome log, the reliability state and its old
 * temp name, pointing outside) and a torn trace log. The server generates, records an outcome and
 * shuts down: nothing outside changed, the outcome is in a real file and survives a restart, and
 * the first trace line written after the torn one is intact. A storage dir that is itself a
 * symlink is refused: learning falls back to a temp dir and nothing is written through it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest, LearningRequest, OutcomeNotification } from '../../server/src/protocol';
import { settingsFor, startClient, type TestClient } from './harness';

const SOURCE = 'export function pick(a: number, b: number): number {\n  throw new Error("not implemented");\n}\n';
const ANSWER = '```ts\nreturn a; // picked\n```';
const OUTSIDE = 'outside content that must never change\n';
const TORN = '{"traceId":"torn","spanId":"ab';

let fake: FakeModelServer;
let base: string;
let settings: unknown;

before(async () => {
  fake = await startFakeModelServer();
  fake.setReply(ANSWER);
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'weavergen-lsp-planted-'));
  settings = settingsFor([{ id: 'alpha', baseURL: fake.openaiBaseURL }], { execution: { enabled: false }, repair: { enabled: false } });
});
after(async () => {
  await fake?.close();
  fs.rmSync(base, { recursive: true, force: true });
});

async function generateAndRecord(s: TestClient, uri: string): Promise<void> {
  await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
  const r = await s.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: { line: 1, character: 4 } });
  assert.ok(r.resultId);
  await s.conn.sendNotification(OutcomeNotification, { resultId: r.resultId!, kind: 'accepted' });
}

const events = async (s: TestClient) => (await s.conn.sendRequest(LearningRequest, {})).events;

test('planted symlinks in the storage dir are not written through; a torn trace line does not swallow the next', async () => {
  const storage = path.join(base, 'storage');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(storage, 'learning'), { recursive: true });
  fs.mkdirSync(path.join(storage, 'traces'));
  fs.mkdirSync(outside);
  const plants = ['learning/outcomes.jsonl', 'learning/reliability.json', 'learning/reliability.json.tmp', 'traces/traces.1.jsonl'];
  for (const [i, rel] of plants.entries()) {
    fs.writeFileSync(path.join(outside, `victim${i}`), OUTSIDE);
    fs.symlinkSync(path.join(outside, `victim${i}`), path.join(storage, rel));
  }
  fs.writeFileSync(path.join(storage, 'traces', 'traces.jsonl'), TORN);

  let s = await startClient({ settings, storagePath: storage });
  try {
    await generateAndRecord(s, 'file:///work/planted.ts');
    assert.equal(await events(s), 1);
  } finally {
    assert.equal(await s.close(), 0);
  }
  for (const [i] of plants.entries()) assert.equal(fs.readFileSync(path.join(outside, `victim${i}`), 'utf8'), OUTSIDE, plants[i]);
  assert.deepEqual(fs.readdirSync(outside).sort(), plants.map((_, i) => `victim${i}`).sort(), 'nothing new outside');

  const log = path.join(storage, 'learning', 'outcomes.jsonl');
  assert.ok(fs.lstatSync(log).isFile(), 'the outcome log is a real file now');
  assert.equal(fs.readFileSync(log, 'utf8').trim().split('\n').length, 1);
  assert.ok(fs.lstatSync(path.join(storage, 'learning', 'reliability.json')).isFile());

  const lines = fs.readFileSync(path.join(storage, 'traces', 'traces.jsonl'), 'utf8').split('\n').filter(Boolean);
  assert.equal(lines[0], TORN, 'the torn line stays on its own line');
  assert.ok(lines.length > 1, 'spans were written after it');
  for (const line of lines.slice(1)) assert.doesNotThrow(() => JSON.parse(line), line.slice(0, 80));

  s = await startClient({ settings, storagePath: storage });
  try {
    assert.equal(await events(s), 1, 'the outcome survives a restart');
  } finally {
    assert.equal(await s.close(), 0);
  }
});

test('a storage dir that is a symlink is refused: learning uses a temp dir, nothing is written through it', async () => {
  const outside = path.join(base, 'outside-dir');
  fs.mkdirSync(outside);
  const link = path.join(base, 'linked-storage');
  fs.symlinkSync(outside, link);
  const s = await startClient({ settings, storagePath: link });
  try {
    await generateAndRecord(s, 'file:///work/linked.ts');
    assert.equal(await events(s), 1, 'learning still works, in a temp dir');
  } finally {
    assert.equal(await s.close(), 0);
  }
  assert.deepEqual(fs.readdirSync(outside), [], 'nothing written through the link');
});
