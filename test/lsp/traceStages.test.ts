/**
 * Every step of a generation is in its trace: over the real protocol, a generation with
 * three providers (two right answers, one that only repeats the stub) and execution on
 * returns a trace (`weavergen/trace`) holding the stage spans under the root with their
 * key attributes, and no span carries the generated code while captureContent is off.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest, PREGEN_CLIENT_CAPABILITY, PregenStatusNotification, TraceRequest, TracesRequest } from '../../server/src/protocol';
import type { SerializedSpan } from '../../server/src/protocol/traces';
import { settingsFor, startClient, type TestClient } from './harness';
import { fence, MAX2_AT, MAX2_SOURCE } from './fixtures';

const SOURCE = MAX2_SOURCE;
const AT = MAX2_AT;
const MARK_A = 'stageMarkerAlpha';
const MARK_B = 'stageMarkerBeta';

let fake: FakeModelServer;
let client: TestClient;

before(async () => {
  fake = await startFakeModelServer();
  fake.setReply(fence(`const ${MARK_A} = a > b;\nreturn ${MARK_A} ? a : b;`), 'm-alpha');
  fake.setReply(fence(`const ${MARK_B} = a >= b;\nif (${MARK_B}) {\n  return a;\n}\nreturn b;`), 'm-beta');
  fake.setReply(fence('throw new Error("not implemented");'), 'm-gamma');
  client = await startClient({
    trusted: true,
    settings: settingsFor([
      { id: 'alpha', baseURL: fake.openaiBaseURL, model: 'm-alpha' },
      { id: 'beta', baseURL: fake.openaiBaseURL, model: 'm-beta' },
      { id: 'gamma', baseURL: fake.openaiBaseURL, model: 'm-gamma' },
    ], { repair: { enabled: false } }),
  });
});
after(async () => {
  if (client) assert.equal(await client.close(), 0);
  await fake?.close();
});

function one(spans: SerializedSpan[], name: string): SerializedSpan {
  const found = spans.filter((s) => s.name === name);
  assert.equal(found.length, 1, `exactly one ${name} span (got ${found.length})`);
  return found[0];
}

test('a generation trace holds every stage span under the root, with counts and outcomes, and no code', async () => {
  const uri = 'file:///work/stages.ts';
  client.open(uri, SOURCE);
  const result = await client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: AT });
  assert.ok(result.code.includes(MARK_A) || result.code.includes(MARK_B), 'one of the right answers won');
  const trace = await client.conn.sendRequest(TraceRequest, { traceId: result.traceId! });
  assert.ok(trace, 'the trace is found');
  const spans = trace.spans;
  if (process.env.WEAVER_TRACE_TEXT) console.log(trace.text);
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const root = one(spans, 'weavergen.generate');
  assert.equal(root.parentSpanId, undefined);
  for (const s of spans) {
    assert.equal(s.traceId, root.traceId);
    let p: SerializedSpan | undefined = s;
    while (p?.parentSpanId) p = byId.get(p.parentSpanId);
    assert.equal(p, root, `${s.name} is under the root`);
  }

  const context = one(spans, 'weavergen.context');
  assert.equal(context.parentSpanId, root.spanId);
  assert.equal(context.attributes['weavergen.site.kind'], result.site.kind);
  assert.ok((context.attributes['weavergen.prompt.tokens_estimate'] as number) > 0);

  const fanout = one(spans, 'weavergen.fanout');
  assert.equal(fanout.parentSpanId, root.spanId);
  assert.equal(fanout.attributes['weavergen.providers.asked'], 3);
  assert.deepEqual(fanout.attributes['weavergen.providers.ids'], ['alpha', 'beta', 'gamma']);
  assert.equal(fanout.attributes['weavergen.fanout.samples'], 2);
  assert.equal(typeof fanout.attributes['weavergen.fanout.quorum_reached'], 'boolean');
  assert.deepEqual(fanout.attributes['weavergen.fanout.missing'], ['gamma']);
  assert.match(String((fanout.attributes['weavergen.fanout.missing_reasons'] as string[])[0]), /^gamma: .*no usable code/);
  // Provider calls keep their place: children of the root, within the fan-out's time.
  for (const chat of spans.filter((s) => s.name.startsWith('chat '))) {
    assert.equal(chat.parentSpanId, root.spanId);
    assert.ok(chat.start >= fanout.start - 1 && chat.end <= fanout.end + 1, 'provider call inside the fan-out window');
  }

  const extract = one(spans, 'weavergen.extract');
  assert.equal(extract.parentSpanId, root.spanId);
  assert.equal(extract.attributes['weavergen.extract.answers'], 3);
  assert.equal(extract.attributes['weavergen.extract.candidates'], 2);
  assert.equal(extract.attributes['weavergen.extract.dropped'], 1);
  assert.deepEqual(extract.attributes['weavergen.extract.dropped_reasons'], ['no_new_code:1']);

  const consensus = one(spans, 'weavergen.consensus');
  assert.equal(consensus.parentSpanId, root.spanId);
  assert.equal(consensus.attributes['weavergen.consensus.executed'], true);
  assert.equal(consensus.attributes['weavergen.consensus.winner'], result.consensus!.winnerClusterId);
  assert.equal(consensus.attributes['weavergen.consensus.clusters'], 1, 'both right answers behave alike');
  assert.deepEqual(consensus.attributes['weavergen.consensus.cluster_sizes'], [2]);
  assert.equal(consensus.attributes['weavergen.consensus.doc_examples'], 1);
  assert.equal(consensus.attributes['weavergen.consensus.doc_examples_matched'], 1);

  const typecheck = one(spans, 'weavergen.typecheck');
  assert.equal(typecheck.parentSpanId, consensus.spanId);
  assert.equal(typecheck.attributes['weavergen.typecheck.candidates'], 2);
  assert.equal(typecheck.attributes['weavergen.typecheck.ok'], 2);
  assert.deepEqual(typecheck.attributes['weavergen.typecheck.diagnostics'], [0, 0]);

  const runs = spans.filter((s) => s.name === 'weavergen.sandbox.run');
  const candidateRuns = runs.filter((s) => s.attributes['weavergen.sandbox.purpose'] === 'candidate');
  assert.equal(candidateRuns.length, 2, 'one run per distinct candidate');
  assert.deepEqual(candidateRuns.flatMap((s) => s.attributes['weavergen.candidate.ids'] as string[]).sort(), ['alpha#0', 'beta#0']);
  for (const run of runs) {
    assert.equal(run.parentSpanId, consensus.spanId);
    assert.equal(run.attributes['weavergen.sandbox.outcome'], 'ok');
    assert.equal(run.attributes['weavergen.sandbox.limit_hit'], undefined);
    assert.ok(Array.isArray(run.attributes['weavergen.sandbox.layers']));
    assert.equal(typeof run.attributes['weavergen.sandbox.duration_ms'], 'number');
  }
  for (const run of candidateRuns) {
    assert.equal(run.attributes['weavergen.probes.run'], result.execution!.probes);
    assert.equal(run.attributes['weavergen.probes.passed'], result.execution!.probes);
  }
  assert.equal(runs.filter((s) => s.attributes['weavergen.sandbox.purpose'] === 'expected').length, 1, 'the doc example is canonicalised');

  const quality = one(spans, 'weavergen.quality');
  assert.equal(quality.parentSpanId, root.spanId);
  assert.equal(quality.attributes['weavergen.quality.score'], result.quality!.score);
  for (const [k, v] of Object.entries(result.quality!.components)) assert.equal(quality.attributes[`weavergen.quality.component.${k}`], v);
  assert.equal(root.attributes['weavergen.quality.score'], result.quality!.score);

  // Stage order on the time axis: context, fan-out, extraction, consensus, quality.
  const order = [context, fanout, extract, consensus, quality];
  for (let i = 1; i < order.length; i++) assert.ok(order[i].start >= order[i - 1].start, `${order[i].name} after ${order[i - 1].name}`);

  const json = JSON.stringify(trace);
  for (const text of [MARK_A, MARK_B, 'not implemented', 'Returns the larger', 'max2']) {
    assert.ok(!json.includes(text), `no code or prompt text in the trace ("${text}")`);
  }
});

test('a background job is one trace (its generation nested under weavergen.pregen.job); a cache hit is a trace with its lookup', async () => {
  const caps = { experimental: { [PREGEN_CLIENT_CAPABILITY]: true } };
  fake.setReply(fence(`return a + b; // ${MARK_A}`), 'm-local');
  const c = await startClient({ settings: settingsFor([{ id: 'local', baseURL: fake.openaiBaseURL, model: 'm-local' }]), capabilities: caps });
  try {
    const stored = new Promise<void>((resolve) => {
      c.conn.onNotification(PregenStatusNotification, (m) => { if (m.cacheEntries >= 1 && m.running === 0 && m.queued === 0) resolve(); });
    });
    const uri = 'file:///work/pregenStages.ts';
    c.open(uri, '/** Adds two numbers. add(1, 2) // => 3 */\nexport function add(a: number, b: number): number {\n}\n');
    await stored;
    const hit = await c.conn.sendRequest(GenerateRequest, { textDocument: { uri, version: 1 }, position: { line: 1, character: 52 } });
    assert.equal(hit.fromCache, true);

    // The evidence behind the served result: the job's trace.
    const job = await c.conn.sendRequest(TraceRequest, { traceId: hit.traceId! });
    assert.ok(job, 'the job trace is found');
    const jobRoot = one(job.spans, 'weavergen.pregen.job');
    assert.equal(jobRoot.parentSpanId, undefined);
    assert.equal(jobRoot.attributes['weavergen.pregen.outcome'], 'stored');
    assert.equal(jobRoot.attributes['weavergen.site.kind'], hit.site.kind);
    assert.equal(typeof jobRoot.attributes['weavergen.pregen.tokens'], 'number');
    assert.ok((jobRoot.attributes['weavergen.pregen.estimated_tokens'] as number) > 0);
    const gen = one(job.spans, 'weavergen.generate');
    assert.equal(gen.parentSpanId, jobRoot.spanId);
    for (const name of ['weavergen.context', 'weavergen.fanout', 'weavergen.extract', 'weavergen.consensus', 'weavergen.quality']) {
      assert.equal(one(job.spans, name).parentSpanId, gen.spanId, `${name} under the job's generation`);
    }

    // The request served from the cache: its own trace, root + lookup.
    const [latest] = await c.conn.sendRequest(TracesRequest, { uri, limit: 1 });
    assert.notEqual(latest.traceId, hit.traceId);
    const served = await c.conn.sendRequest(TraceRequest, { traceId: latest.traceId });
    const root = one(served!.spans, 'weavergen.generate');
    assert.equal(root.attributes['weavergen.cache.hit'], true);
    assert.equal(root.attributes['weavergen.cache.source_trace_id'], hit.traceId);
    const lookup = one(served!.spans, 'weavergen.cache.lookup');
    assert.equal(lookup.parentSpanId, root.spanId);
    assert.equal(lookup.attributes['weavergen.cache.hit'], true);
    assert.equal(lookup.attributes['weavergen.cache.key_kind'], 'local-context');
    assert.equal(lookup.attributes['weavergen.cache.bytes'], Buffer.byteLength(hit.code));
    for (const t of [job, served]) assert.ok(!JSON.stringify(t).includes(MARK_A), 'no code in the pre-generation traces');
  } finally {
    assert.equal(await c.close(), 0);
  }
});
