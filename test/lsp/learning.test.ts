/**
 * Learning from outcomes over the real protocol: a provider whose results are undone loses
 * weight and its cluster no longer wins a 1-vs-1 tie; what was learned survives a server
 * restart with the same storagePath; reset forgets it; export returns the outcome log.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import {
  GenerateRequest, LearningExportRequest, LearningRequest, LearningResetRequest, OutcomeNotification,
  type ClientOutcomeKind, type GenerateResult, type LearningSummary,
} from '../../server/src/protocol';
import { settingsFor, startClient, type TestClient } from './harness';

const SOURCE = 'export function pick(a: number, b: number): number {\n  throw new Error("not implemented");\n}\n';
const AT = { line: 1, character: 4 };
const ALPHA = '```ts\nreturn a; // from alpha\n```';
const BETA = '```ts\nreturn b; // from beta\n```';

let fake: FakeModelServer;
let storage: string;
let settings: unknown;
let n = 0;

before(async () => {
  fake = await startFakeModelServer();
  fake.setReply(ALPHA, 'm-alpha');
  fake.setReply(BETA, 'm-beta');
  storage = fs.mkdtempSync(path.join(os.tmpdir(), 'weavergen-lsp-learning-'));
  // Textual consensus only (no validation events): the only evidence is the outcomes sent here.
  settings = settingsFor([
    { id: 'alpha', baseURL: fake.openaiBaseURL, model: 'm-alpha' },
    { id: 'beta', baseURL: fake.openaiBaseURL, model: 'm-beta' },
  ], { execution: { enabled: false }, repair: { enabled: false } });
});
after(async () => {
  await fake?.close();
  fs.rmSync(storage, { recursive: true, force: true });
});

async function generate(s: TestClient, providers?: string[]): Promise<GenerateResult> {
  const uri = `file:///work/learning${++n}.ts`;
  await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
  return s.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: AT, providers });
}

/** Teaches the server: `bad`'s results are undone, `good`'s accepted. */
async function teach(s: TestClient, bad: string, good: string, rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    for (const [who, kind] of [[bad, 'undone'], [good, 'accepted']] as [string, ClientOutcomeKind][]) {
      const r = await generate(s, [who]);
      assert.equal(r.provider.id, who);
      assert.ok(r.resultId);
      await s.conn.sendNotification(OutcomeNotification, { resultId: r.resultId!, kind });
    }
  }
}

const summary = (s: TestClient): Promise<LearningSummary> => s.conn.sendRequest(LearningRequest, { bucketSize: 4 });
const meanOf = (sum: LearningSummary, id: string) => sum.providers.find((p) => p.providerId === id)?.mean;

test('undone results cost a provider its weight: its cluster loses the 1-vs-1 tie; persisted; reset', async () => {
  let s = await startClient({ settings: settings, storagePath: storage });
  try {
    const fresh = await summary(s);
    assert.equal(fresh.events, 0);
    assert.equal(fresh.enabled, true);

    await teach(s, 'alpha', 'beta');
    const learned = await summary(s);
    assert.equal(learned.events, 8);
    assert.equal(learned.counts.undone, 4);
    assert.equal(learned.counts.accepted, 4);
    assert.ok(meanOf(learned, 'alpha')! < 0.4, `alpha ${meanOf(learned, 'alpha')}`);
    assert.ok(meanOf(learned, 'beta')! > 0.6, `beta ${meanOf(learned, 'beta')}`);
    const alpha = learned.providers.find((p) => p.providerId === 'alpha')!;
    assert.ok(alpha.lower < alpha.mean && alpha.mean < alpha.upper);
    assert.equal(learned.buckets.length, 2);
    assert.equal(learned.buckets[0].acceptance, 0.5);

    for (let i = 0; i < 3; i++) {
      const tie = await generate(s);
      assert.equal(tie.consensus!.clusters.length, 2, 'one answer each: a 1-vs-1 tie');
      assert.equal(tie.provider.id, 'beta');
      assert.match(tie.code, /from beta/);
      assert.ok(tie.quality!.components.trackRecord > 0.6, 'the learned weight is the quality track record');
    }
  } finally {
    assert.equal(await s.close(), 0);
  }

  // A new server process over the same storagePath remembers.
  s = await startClient({ settings: settings, storagePath: storage });
  try {
    const again = await summary(s);
    assert.equal(again.events, 8);
    assert.ok(meanOf(again, 'alpha')! < 0.4);
    const tie = await generate(s);
    assert.equal(tie.provider.id, 'beta');

    const exported = await s.conn.sendRequest(LearningExportRequest, undefined);
    assert.equal(exported.events, 8);
    const doc = JSON.parse(exported.json) as { format: string; outcomes: { events: { kind: string }[] } };
    assert.equal(doc.format, 'weavergen-learning');
    assert.equal(doc.outcomes.events.filter((e) => e.kind === 'undone').length, 4);

    // Reset forgets; then the roles reversed teach the opposite.
    await s.conn.sendRequest(LearningResetRequest, undefined);
    const blank = await summary(s);
    assert.equal(blank.events, 0);
    assert.equal(blank.providers.length, 0);
    await teach(s, 'beta', 'alpha');
    const flipped = await generate(s);
    assert.equal(flipped.provider.id, 'alpha');
    assert.match(flipped.code, /from alpha/);
  } finally {
    assert.equal(await s.close(), 0);
  }
  assert.ok(fs.existsSync(path.join(storage, 'learning', 'outcomes.jsonl')));
});

test('replaced-by-alternative credits the alternative; unknown results are ignored', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weavergen-lsp-learning-alt-'));
  const s = await startClient({ settings: settings, storagePath: dir });
  try {
    const r = await generate(s);
    const winner = r.consensus!.winnerClusterId;
    const alt = r.consensus!.clusters.find((c) => c.id !== winner)!;
    await s.conn.sendNotification(OutcomeNotification, { resultId: 'no-such-result', kind: 'accepted' });
    await s.conn.sendNotification(OutcomeNotification, { resultId: r.resultId!, kind: 'replaced-by-alternative', alternativeClusterId: alt.id });
    const sum = await summary(s);
    assert.equal(sum.events, 1);
    assert.equal(sum.counts['replaced-by-alternative'], 1);
    assert.ok(meanOf(sum, alt.providers[0])! > meanOf(sum, r.provider.id)!);
  } finally {
    assert.equal(await s.close(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
