/** OTLP/HTTP export to a local receiver: expected attributes, and no source text unless opted in. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Telemetry, instrumentProvider, traceGeneration } from '../../../server/src/telemetry';
import { tracesUrl } from '../../../server/src/telemetry/otlp';
import { resolveTelemetry } from '../../../server/src/protocol/settings';
import type { GenerateResult } from '../../../server/src/protocol';
import type { ModelProvider } from '../../../server/src/providers/types';

const SOURCE = 'return w * h; // SECRET_SOURCE_MARKER';
const PROMPT_MARKER = 'PROMPT_MARKER_area_of_rectangle';
const TOKEN = 'collector-token-5d41402abc4b2a76';

interface Received { path: string; headers: http.IncomingHttpHeaders; body: string }
let server: http.Server;
let url = '';
const received: Received[] = [];
const arrivals = new EventEmitter();

before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      arrivals.emit('request');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const nextRequest = (count: number) => new Promise<Received>((resolve) => {
  if (received.length > count) return resolve(received[count]);
  arrivals.once('request', () => resolve(received[count]));
});

const provider: ModelProvider = {
  id: 'fast', kind: 'openai', model: 'gpt-test', recorded: false,
  complete: async () => ({
    text: `\`\`\`ts\n${SOURCE}\n\`\`\``, model: 'gpt-test-2025', finishReason: 'stop',
    usage: { inputTokens: 30, outputTokens: 9 }, latencyMs: 5, firstTokenMs: 2, retries: 0, recorded: false,
  }),
};

/** A generation-shaped trace: root span + one provider call, with content offered to the spans. */
async function exportOne(captureContent: boolean): Promise<{ got: Received; traceId: string }> {
  const count = received.length;
  const t = new Telemetry({ settings: resolveTelemetry({ captureContent, otlpEndpoint: url, otlpHeaders: { 'x-collector-token': TOKEN } }) });
  const p = instrumentProvider(provider, t);
  const result = await traceGeneration(t, 'file:///work/area.ts', new AbortController().signal, async () => {
    const answer = await p.complete({ system: 'sys', messages: [{ role: 'user', content: PROMPT_MARKER }] });
    return {
      code: answer.text, site: { kind: 'stub-body', intent: PROMPT_MARKER, symbol: 'area', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, originalText: '' },
      provider: { id: 'fast', kind: 'openai', model: 'gpt-test', recorded: false, status: 'ok', latencyMs: 5 },
      providers: [{ id: 'fast', kind: 'openai', model: 'gpt-test', recorded: false, status: 'ok', latencyMs: 5 }],
      recorded: false, timings: { totalMs: 6, contextMs: 1, generationMs: 5 },
      edit: { textDocument: { uri: 'file:///work/area.ts', version: 1 }, edits: [] },
      quality: { score: 88, components: {} },
    } as GenerateResult;
  });
  const arrived = nextRequest(count);
  await t.flush();
  const got = await arrived;
  await t.shutdown();
  return { got, traceId: result.traceId! };
}

type OtlpValue = { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number; arrayValue?: { values: OtlpValue[] } };
type OtlpSpan = { traceId: string; name: string; kind: number; attributes: { key: string; value: OtlpValue }[]; events?: { name: string; attributes: { key: string; value: OtlpValue }[] }[] };
function spansIn(body: string): OtlpSpan[] {
  const doc = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
  return doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
}
const attr = (s: OtlpSpan, key: string) => s.attributes.find((a) => a.key === key)?.value;

test('tracesUrl accepts a base URL or the full /v1/traces URL', () => {
  assert.equal(tracesUrl('http://127.0.0.1:4318'), 'http://127.0.0.1:4318/v1/traces');
  assert.equal(tracesUrl('http://127.0.0.1:4318/'), 'http://127.0.0.1:4318/v1/traces');
  assert.equal(tracesUrl('https://otel.example/v1/traces'), 'https://otel.example/v1/traces');
});

test('capture off: the collector gets the spans and attributes, and no source text or prompt', async () => {
  const { got, traceId } = await exportOne(false);
  assert.equal(got.path, '/v1/traces');
  assert.match(String(got.headers['content-type']), /application\/json/);
  assert.equal(got.headers['x-collector-token'], TOKEN);
  const spans = spansIn(got.body);
  assert.deepEqual(spans.map((s) => s.name).sort(), ['chat gpt-test', 'weavergen.generate'], 'GenAI span name: {operation} {model}');
  const hex = spans[0].traceId;
  assert.equal(hex.toLowerCase(), traceId);
  const chat = spans.find((s) => s.name === 'chat gpt-test')!;
  assert.equal(chat.kind, 3, 'SPAN_KIND_CLIENT');
  assert.equal(attr(chat, 'gen_ai.provider.name')?.stringValue, 'openai');
  assert.equal(attr(chat, 'gen_ai.system'), undefined, 'the deprecated gen_ai.system is not exported');
  assert.equal(attr(chat, 'gen_ai.request.model')?.stringValue, 'gpt-test');
  assert.equal(attr(chat, 'gen_ai.response.model')?.stringValue, 'gpt-test-2025');
  assert.equal(Number(attr(chat, 'gen_ai.usage.input_tokens')?.intValue), 30);
  assert.equal(Number(attr(chat, 'gen_ai.usage.output_tokens')?.intValue), 9);
  assert.equal(attr(chat, 'gen_ai.response.finish_reasons')?.arrayValue?.values[0].stringValue, 'stop');
  const root = spans.find((s) => s.name === 'weavergen.generate')!;
  assert.equal(attr(root, 'weavergen.site.kind')?.stringValue, 'stub-body');
  assert.equal(attr(root, 'weavergen.quality.score')?.intValue !== undefined || attr(root, 'weavergen.quality.score')?.doubleValue !== undefined, true);
  const evaluation = root.events?.find((e) => e.name === 'gen_ai.evaluation.result');
  assert.ok(evaluation, 'the quality score is exported as a gen_ai.evaluation.result event');
  const ev = (k: string) => evaluation.attributes.find((a) => a.key === k)?.value;
  assert.equal(ev('gen_ai.evaluation.name')?.stringValue, 'weavergen.quality');
  const score = Number(ev('gen_ai.evaluation.score.value')?.doubleValue ?? ev('gen_ai.evaluation.score.value')?.intValue);
  assert.equal(score, Number(attr(root, 'weavergen.quality.score')?.doubleValue ?? attr(root, 'weavergen.quality.score')?.intValue));
  assert.equal(ev('gen_ai.request.model')?.stringValue, 'gpt-test');
  assert.match(String(ev('gen_ai.evaluation.score.label')?.stringValue), /^(high|medium|low)$/);
  for (const marker of ['SECRET_SOURCE_MARKER', PROMPT_MARKER, 'gen_ai.prompt', 'weavergen.code', TOKEN]) {
    assert.ok(!got.body.includes(marker), `exported body must not contain ${marker}`);
  }
});

test('capture on: the source text and the prompt are exported', async () => {
  const { got } = await exportOne(true);
  assert.ok(got.body.includes('SECRET_SOURCE_MARKER'));
  assert.ok(got.body.includes(PROMPT_MARKER));
  assert.ok(!got.body.includes(TOKEN), 'header values are secrets even with capture on');
});
