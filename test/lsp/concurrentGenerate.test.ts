/**
 * `weavergen/generate` under concurrency, over the real stdio server with the fake model
 * server: many requests at once are all answered, each with its own site's code; a request
 * superseded by a newer one for the same site answers as cancelled (-32800, data.code
 * 'cancelled'), not as an internal error, and never reaches a model; $/cancelRequest is
 * honoured while a request waits in the queue. Requests are held by hanging model answers
 * (not by timing) so the queue is full when the later requests arrive.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { GenerateRequest, type GenerateResult, type WeaverErrorData } from '../../server/src/protocol';
import { DEFAULT_FOREGROUND_CONCURRENCY } from '../../server/src/scheduler';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { settingsFor, startClient, type TestClient } from './harness';

/** Functions per document: 12 for the first test; every slot held plus two waiting for the second. */
const SITES = Math.max(12, DEFAULT_FOREGROUND_CONCURRENCY + 2);
let fake: FakeModelServer;
let client: TestClient;

/** `f<doc>_<i>(x)` stubs; the model answers `return x + <i>;`. */
const text = (doc: number) => Array.from({ length: SITES }, (_, i) => `/** Returns x plus ${i}. */\nexport function f${doc}_${i}(x: number): number {\n  // TODO\n}\n`).join('\n');
const uriOf = (doc: number) => `file:///work/concurrent/doc${doc}.ts`;
const at = (doc: number, i: number, token?: CancellationTokenSource) => client.conn.sendRequest(
  GenerateRequest, { textDocument: { uri: uriOf(doc) }, position: { line: i * 5 + 2, character: 2 } }, token?.token);
const siteOfPrompt = (prompt: string) => /`(f\d+_\d+)`/.exec(prompt)?.[1];
/** The model's answer: `return x + <i>;` for the function `f<doc>_<i>` named in the prompt. */
const answerForSite = ({ prompt }: { prompt: string }) => '```ts\nreturn x + ' + (siteOfPrompt(prompt)?.split('_')[1] ?? 'NaN') + ';\n```';
const promptsFor = (name: string) => fake.requests.filter((r) => r.api === 'openai' && JSON.stringify(r.body).includes(`\`${name}\``)).length;

before(async () => {
  fake = await startFakeModelServer();
  fake.setResponder(answerForSite);
  client = await startClient({
    settings: settingsFor([{ id: 'local', baseURL: fake.openaiBaseURL }], { pregeneration: { enabled: false }, repair: { enabled: false } }),
    trusted: false,
  });
  for (const d of [0, 1, 2]) client.open(uriOf(d), text(d));
});
after(async () => {
  if (client) assert.equal(await client.close(), 0);
  await fake?.close();
});

/** The error a request answered with (fails when it answered a result). */
async function errorOf(p: Promise<unknown>): Promise<ResponseError<WeaverErrorData>> {
  const r = await p.then((v) => ({ v }), (e: unknown) => ({ e }));
  assert.ok('e' in r, `expected an error, got ${JSON.stringify((r as { v: unknown }).v)?.slice(0, 200)}`);
  assert.ok(r.e instanceof ResponseError, `a ResponseError, got ${String(r.e)}`);
  return r.e as ResponseError<WeaverErrorData>;
}

function assertCancelled(e: ResponseError<WeaverErrorData>, message: RegExp): void {
  assert.equal(e.code, LSPErrorCodes.RequestCancelled, `-32800, got ${e.code} ${e.message}`);
  assert.equal(e.data?.code, 'cancelled');
  assert.match(e.message, message);
  assert.doesNotMatch(e.message, /internal error/i);
}

test('24 concurrent requests at distinct sites of two documents are all answered, each with its own site', async () => {
  const requests: { name: string; answer: Promise<GenerateResult> }[] = [];
  for (let i = 0; i < 12; i++) for (const d of [0, 1]) requests.push({ name: `f${d}_${i}`, answer: at(d, i) });
  const results = await Promise.all(requests.map((r) => r.answer));
  results.forEach((r, k) => {
    const i = requests[k].name.split('_')[1];
    assert.match(r.code, new RegExp(`return x \\+ ${i};`), `${requests[k].name} got ${r.code}`);
    assert.equal(r.edit.textDocument.uri, uriOf(Number(requests[k].name[1])));
  });
  for (const r of requests) assert.equal(promptsFor(r.name), 1, `${r.name} asked the model once`);
});

test('a newer request for the same site supersedes a queued one (answered cancelled, never sent to a model); $/cancelRequest works while queued', async () => {
  fake.reset();
  fake.setResponder(answerForSite);
  const holders = Array.from({ length: DEFAULT_FOREGROUND_CONCURRENCY }, () => new CancellationTokenSource());
  for (let k = 0; k < holders.length; k++) fake.addFault({ hang: true });
  const held = holders.map((cts, k) => at(2, k, cts));
  await fake.waitForRequests(holders.length); // every slot is now held by a hanging model call
  const site = holders.length; // the first site not held
  const older = at(2, site);
  const queuedCts = new CancellationTokenSource();
  const cancelledWhileQueued = at(2, site + 1, queuedCts);
  const newer = at(2, site);
  assertCancelled(await errorOf(older), /superseded/i);
  queuedCts.cancel();
  assertCancelled(await errorOf(cancelledWhileQueued), /cancel/i);
  for (const cts of holders) cts.cancel();
  for (const h of held) assert.equal((await errorOf(h)).code, LSPErrorCodes.RequestCancelled);
  const result = await newer;
  assert.match(result.code, new RegExp(`return x \\+ ${site};`));
  assert.equal(promptsFor(`f2_${site}`), 1, 'only the newer request reached the model');
  assert.equal(promptsFor(`f2_${site + 1}`), 0, 'the request cancelled while queued never reached the model');
});

test('a newer request for the same site supersedes a running one: the older answers cancelled', async () => {
  fake.reset();
  fake.setResponder(answerForSite);
  fake.addFault({ hang: true });
  const abortedBefore = fake.aborted;
  const older = at(0, 3);
  await fake.waitForRequests(1); // the older one is running, its model call hanging
  const newer = at(0, 3);
  assertCancelled(await errorOf(older), /superseded/i);
  assert.match((await newer).code, /return x \+ 3;/);
  await fake.waitForAborted(abortedBefore + 1); // the older one's model call was aborted, not left running
});
