/**
 * The repair loop over the real protocol, with the fake model server: a first answer that
 * misses the doc example is repaired when the feedback goes back to the model (the repair
 * request is recognised by its feedback text); a provider error during repair stops the
 * loop with the last good result; an unfixable case stops at maxIterations.
 */
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest, TraceRequest, type GenerateResult } from '../../server/src/protocol';
import { settingsFor, startClient, type TestClient } from './harness';
import { fence } from './fixtures';

const SOURCE = [
  '/**',
  ' * Doubles a number.',
  ' * double(2) // => 4',
  ' */',
  'export function double(x: number): number {',
  '  throw new Error("not implemented");',
  '}',
  '',
].join('\n');
const AT = { line: 5, character: 4 };
const WRONG = fence('return x + 1;');
const RIGHT = fence('return x * 2;');
const isRepair = (prompt: string) => /fails these checks/.test(prompt);

let fake: FakeModelServer;
let client: TestClient | undefined;
let n = 0;

before(async () => {
  fake = await startFakeModelServer();
});
afterEach(async () => {
  if (client) assert.equal(await client.close(), 0);
  client = undefined;
});
after(async () => {
  await fake?.close();
});

async function generate(models: string[], repair: Record<string, unknown> = {}): Promise<GenerateResult> {
  client = await startClient({
    settings: settingsFor(models.map((m) => ({ id: m, baseURL: fake.openaiBaseURL, model: `m-${m}` })), { repair }),
    trusted: true,
  });
  const uri = `file:///work/repair${++n}.ts`;
  client.open(uri, SOURCE);
  return client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: AT });
}

test('a doc example the first answers miss is repaired from the feedback', async () => {
  fake.reset();
  fake.setResponder((req) => (isRepair(req.prompt) ? RIGHT : WRONG));
  const r = await generate(['alpha', 'beta']);
  assert.equal(r.execution?.ran, true, r.execution?.reason);
  assert.ok(r.repair, 'the result reports the repair loop');
  assert.ok(r.repair.iterations.length >= 1);
  const first = r.repair.iterations[0];
  assert.equal(first.index, 1);
  assert.match(first.feedbackSummary, /double\(2\) expected 4, got 3/);
  assert.equal(first.changed, true);
  assert.ok(first.scoreAfter! > first.scoreBefore, `${first.scoreBefore} -> ${first.scoreAfter}`);
  assert.ok(first.tokens > 0);
  assert.equal(r.repair.fixed, true);
  assert.match(r.code, /x \* 2/);
  assert.doesNotMatch(r.code, /x \+ 1/);
  // The repair request carried the structured feedback and the previous answer.
  const repairReq = fake.requests.find((q) => q.api === 'openai' && JSON.stringify(q.body).includes('fails these checks'));
  assert.ok(repairReq, 'a repair request was sent');
  const msgs = repairReq.body.messages as { role: string; content: string }[];
  assert.equal(msgs.at(-2)?.role, 'assistant');
  assert.match(msgs.at(-2)!.content, /x \+ 1/);
  assert.match(msgs.at(-1)!.content, /expected: 4/);
  assert.match(msgs.at(-1)!.content, /actual: 3/);
  // The winner passes the doc example now.
  const win = r.consensus!.clusters.find((c) => c.id === r.consensus!.winnerClusterId)!;
  assert.equal(win.probesPassed, win.probesTotal);
  assert.equal(r.quality!.components.docPassed, r.quality!.components.docTotal);
  // Each iteration is a span of the generation's trace.
  const trace = await client!.conn.sendRequest(TraceRequest, { traceId: r.traceId! });
  const spans = trace!.spans.filter((s) => s.name === 'weavergen.repair.iteration');
  assert.equal(spans.length, r.repair.iterations.length);
  assert.equal(spans[0].attributes['weavergen.repair.changed'], true);
});

test('a provider error during repair stops the loop with the last good result', async () => {
  fake.reset();
  let repairs = 0;
  fake.setResponder((req) => {
    if (isRepair(req.prompt)) repairs++;
    // The next request (the repair) of this model fails with a 500.
    else fake.addFault({ status: 500, model: 'm-solo' });
    return WRONG;
  });
  const r = await generate(['solo'], { maxIterations: 5 });
  assert.ok(r.repair);
  assert.equal(r.repair.stoppedBecause, 'provider-error');
  assert.equal(r.repair.iterations.length, 1, 'never retried after the provider error');
  assert.ok(r.repair.iterations[0].error);
  assert.equal(r.repair.fixed, false);
  assert.equal(repairs, 0, 'the failing request never reached the responder');
  assert.match(r.code, /x \+ 1/, 'the last good result is returned');
  assert.equal(r.provider.id, 'solo');
});

test('an unfixable case stops at maxIterations', async () => {
  fake.reset();
  let k = 0;
  // Every repair behaves differently (never converges) and is still wrong.
  fake.setResponder((req) => (isRepair(req.prompt) ? fence(`return x + ${[3, 5, 7, 9, 11][k++ % 5]};`) : WRONG));
  const r = await generate(['solo'], { maxIterations: 2, scoreThreshold: 100 });
  assert.ok(r.repair);
  assert.equal(r.repair.stoppedBecause, 'max-iterations');
  assert.equal(r.repair.iterations.length, 2);
  assert.equal(k, 2, 'exactly maxIterations repair requests');
  assert.equal(r.repair.fixed, false);
  assert.doesNotMatch(r.code, /x \* 2/);
});

test('repair switched off: no loop, the first answer stands', async () => {
  fake.reset();
  fake.setResponder((req) => (isRepair(req.prompt) ? RIGHT : WRONG));
  const r = await generate(['solo'], { enabled: false });
  assert.equal(r.repair, undefined);
  assert.match(r.code, /x \+ 1/);
  assert.equal(fake.requests.filter((q) => JSON.stringify(q.body ?? '').includes('fails these checks')).length, 0);
});
