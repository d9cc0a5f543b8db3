/**
 * The model orchestra over the real protocol: three providers (one fake server, three
 * model names), execution-based consensus in the sandbox, quality scores, consensus hunks,
 * hostile candidates, and execution switched off in an untrusted workspace.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest, WorkspaceTrustNotification, type GenerateResult } from '../../server/src/protocol';
import { settingsFor, startClient, type TestClient } from './harness';
import { fence, MAX2_AT, MAX2_SOURCE } from './fixtures';

const SOURCE = MAX2_SOURCE;
const AT = MAX2_AT;
const RIGHT_A = fence('return a > b ? a : b;');
const RIGHT_B = fence('if (a >= b) {\n  return a;\n}\nreturn b;');
const WRONG = fence('return a < b ? a : b;');
const SUM = fence('return a + b;');

let fake: FakeModelServer;
let trusted: TestClient;
let untrusted: TestClient;
let n = 0;
const PROVIDERS = () => [
  { id: 'alpha', baseURL: fake.openaiBaseURL, model: 'm-alpha' },
  { id: 'beta', baseURL: fake.openaiBaseURL, model: 'm-beta' },
  { id: 'gamma', baseURL: fake.openaiBaseURL, model: 'm-gamma' },
];

before(async () => {
  fake = await startFakeModelServer();
  trusted = await startClient({ settings: settingsFor(PROVIDERS()), trusted: true });
  untrusted = await startClient({ settings: settingsFor(PROVIDERS()), trusted: false });
});
after(async () => {
  if (trusted) assert.equal(await trusted.close(), 0);
  if (untrusted) assert.equal(await untrusted.close(), 0);
  await fake?.close();
});

function replies(a: string, b: string, c: string): void {
  fake.setReply(a, 'm-alpha');
  fake.setReply(b, 'm-beta');
  fake.setReply(c, 'm-gamma');
}

async function generate(client: TestClient): Promise<GenerateResult> {
  const uri = `file:///work/orchestra${++n}.ts`;
  client.open(uri, SOURCE);
  return client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: AT });
}

const winnerCluster = (r: GenerateResult) => r.consensus!.clusters.find((c) => c.id === r.consensus!.winnerClusterId)!;

test('two behaviourally identical answers outvote a wrong one; quality and hunks name the providers', async () => {
  replies(RIGHT_A, RIGHT_B, WRONG);
  const r = await generate(trusted);
  assert.equal(r.execution?.ran, true, r.execution?.reason);
  assert.ok(r.execution!.probes > 0);
  assert.ok(r.execution!.layers.includes('env-scrub'), r.execution!.layers.join(','));
  assert.ok(['alpha', 'beta'].includes(r.provider.id));
  assert.doesNotMatch(r.code, /a < b/);
  const win = winnerCluster(r);
  assert.deepEqual(win.providers, ['alpha', 'beta']);
  assert.equal(win.size, 2);
  assert.match(win.behaviour, /^(\d+)\/\1 probes ok/);
  const loser = r.consensus!.clusters.find((c) => c.providers.includes('gamma'))!;
  assert.equal(loser.size, 1);
  assert.match(loser.insertText, /a < b/);
  assert.ok(r.consensus!.hunks.length >= 1);
  const alt = r.consensus!.hunks.flatMap((h) => h.alternatives).find((a) => a.providers.includes('gamma'));
  assert.ok(alt, 'a hunk names gamma as the provider of the wrong variant');
  assert.match(alt.text, /a < b/);
  assert.ok(alt.probesPassed < alt.probesTotal || alt.probesTotal > 0);
  assert.equal(typeof r.quality?.score, 'number');
  assert.equal(r.quality!.components.executed, 1);
  assert.equal(r.quality!.components.typeChecks, 1);
  majorityScore = r.quality!.score;
  console.log(`# 3-provider generation with execution: ${r.timings.totalMs} ms total (generation ${r.timings.generationMs} ms)`);
});

let majorityScore = 0;
test('when every provider disagrees the quality score is lower', async () => {
  replies(RIGHT_A, WRONG, SUM);
  const r = await generate(trusted);
  assert.equal(r.execution?.ran, true);
  assert.equal(r.consensus!.clusters.length, 3);
  assert.ok(r.quality!.score < majorityScore, `${r.quality!.score} < ${majorityScore}`);
});

test('hostile candidates (infinite loop, process.exit(0)) end as classified failures; the others still win', async () => {
  replies(RIGHT_A, RIGHT_B, fence('while (true) {}'));
  const looped = await generate(trusted);
  assert.deepEqual(winnerCluster(looped).providers, ['alpha', 'beta']);
  const loop = looped.consensus!.clusters.find((c) => c.providers.includes('gamma'))!;
  assert.match(loop.behaviour, /timed out|threw|failed to load/);
  assert.equal(loop.probesPassed, 0);

  replies(RIGHT_A, fence('process.exit(0);'), RIGHT_B);
  const exited = await generate(trusted);
  assert.deepEqual(winnerCluster(exited).providers, ['alpha', 'gamma']);
  const exit = exited.consensus!.clusters.find((c) => c.providers.includes('beta'))!;
  assert.equal(exit.probesPassed, 0);
  assert.match(exit.behaviour, /threw|not run|failed to load/);
});

test('untrusted workspace: nothing executed, the reason is given, selection still happens', async () => {
  replies(RIGHT_A, RIGHT_A, WRONG);
  const r = await generate(untrusted);
  assert.equal(r.execution?.ran, false);
  assert.match(r.execution!.reason!, /not trusted/);
  assert.deepEqual(winnerCluster(r).providers, ['alpha', 'beta']);
  assert.equal(r.quality!.components.executed, 0);
  assert.match(winnerCluster(r).behaviour, /not executed/);
});

test('trust granted later: the next generation executes', async () => {
  replies(RIGHT_A, RIGHT_B, WRONG);
  await untrusted.conn.sendNotification(WorkspaceTrustNotification, { trusted: true });
  const r = await generate(untrusted);
  assert.equal(r.execution?.ran, true, r.execution?.reason);
  await untrusted.conn.sendNotification(WorkspaceTrustNotification, { trusted: false });
});
