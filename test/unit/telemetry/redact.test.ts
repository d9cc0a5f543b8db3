/** The privacy layer: no key ever recorded; content only when opted in. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor, REDACTED } from '../../../server/src/telemetry/redact';
import { Telemetry, instrumentProvider, GEN_AI, WG } from '../../../server/src/telemetry';
import { DEFAULT_TELEMETRY_SETTINGS } from '../../../server/src/protocol/settings';
import type { CompletionRequest, ModelProvider } from '../../../server/src/providers/types';

const OPENAI_KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123456789';
const ANTHROPIC_KEY = 'sk-ant-api03-ZyXwVuTsRqPoNmLkJiHgFeDcBa-9876543210';
const CUSTOM_SECRET = 'corp-token-7f3a9b2c1d';
const SOURCE = 'export function area(w: number, h: number) { return w * h; }';

test('scrub: key-shaped strings and known secrets are replaced', () => {
  const r = new Redactor();
  r.setSecrets([CUSTOM_SECRET, undefined, 'short']);
  assert.equal(r.scrub(`auth failed for ${OPENAI_KEY}.`), `auth failed for ${REDACTED}.`);
  assert.equal(r.scrub(`x-api-key: ${ANTHROPIC_KEY}`), `x-api-key: ${REDACTED}`);
  assert.equal(r.scrub(`Authorization: Bearer abcdefghijklmnopqrstuvwx`), `Authorization: ${REDACTED}`);
  assert.equal(r.scrub(`header ${CUSTOM_SECRET}!`), `header ${REDACTED}!`);
  // Ordinary text is untouched (including "short", too short to be treated as a secret).
  assert.equal(r.scrub('task-list short sk-1 model gpt-4o-mini'), 'task-list short sk-1 model gpt-4o-mini');
});

test('attributes: content keys dropped unless captureContent, arrays scrubbed', () => {
  const r = new Redactor(false);
  const attrs = { [WG.code]: SOURCE, [WG.intent]: 'compute the area', [WG.siteKind]: 'stub-body', list: ['ok', OPENAI_KEY] };
  assert.deepEqual(r.attributes(attrs), { [WG.siteKind]: 'stub-body', list: ['ok', REDACTED] });
  r.captureContent = true;
  assert.equal(r.attributes(attrs)[WG.code], SOURCE);
});

test('spans never hold a key: attributes, events, error messages, content', async () => {
  const t = new Telemetry({ settings: { captureContent: true } });
  t.setSecrets([CUSTOM_SECRET]);
  let id = '';
  await assert.rejects(t.withSpan('work', { note: `key ${OPENAI_KEY}` }, async (span) => {
    id = span.traceId;
    span.event('e', { header: CUSTOM_SECRET }).content(WG.code, `const k = "${ANTHROPIC_KEY}";`);
    throw new Error(`401 for key ${OPENAI_KEY}`);
  }));
  const json = JSON.stringify(t.store.get(id));
  for (const secret of [OPENAI_KEY, ANTHROPIC_KEY, CUSTOM_SECRET]) assert.ok(!json.includes(secret), secret);
  assert.ok(json.includes(REDACTED));
  assert.ok(json.includes('const k = '), 'content itself is kept when opted in');
});

/** A test provider implementing the contract directly (no SDK involved). */
function echoProvider(): ModelProvider {
  return {
    id: 'echo', kind: 'openai-compatible', model: 'echo-1', recorded: false,
    complete: async (req: CompletionRequest) => ({
      text: `return ${req.messages[0].content.length};`, model: 'echo-1-0613', finishReason: 'stop',
      usage: { inputTokens: 12, outputTokens: 5 }, latencyMs: 7, firstTokenMs: 3, retries: 1, recorded: false,
    }),
  };
}

async function callTraced(captureContent: boolean) {
  const t = new Telemetry({ settings: { ...DEFAULT_TELEMETRY_SETTINGS, captureContent } });
  const p = instrumentProvider(echoProvider(), t);
  const id = await t.withSpan('weavergen.generate', {}, async (root) => {
    await p.complete({ system: 'You write TypeScript.', messages: [{ role: 'user', content: SOURCE }] });
    return root.traceId;
  });
  return t.store.get(id)!.find((s) => s.name.startsWith('chat '))!;
}

test('provider spans: gen_ai.* attributes, CLIENT kind, no prompt unless opted in', async () => {
  const off = await callTraced(false);
  assert.equal(off.kind, 'client');
  assert.equal(off.status.code, 'ok');
  assert.equal(off.attributes[GEN_AI.providerName], 'openai_compatible');
  assert.equal(off.attributes['gen_ai.system'], undefined, 'the deprecated name is not emitted');
  assert.equal(off.name, 'chat echo-1', 'span name: {operation} {model}');
  assert.equal(off.attributes[GEN_AI.operationName], 'chat');
  assert.equal(off.attributes[GEN_AI.requestModel], 'echo-1');
  assert.equal(off.attributes[GEN_AI.responseModel], 'echo-1-0613');
  assert.equal(off.attributes[GEN_AI.inputTokens], 12);
  assert.equal(off.attributes[GEN_AI.outputTokens], 5);
  assert.deepEqual(off.attributes[GEN_AI.responseFinishReasons], ['stop']);
  assert.equal(off.attributes[WG.timeToFirstTokenMs], 3);
  assert.equal(off.attributes[WG.retries], 1);
  assert.equal(off.attributes[WG.providerId], 'echo');
  assert.deepEqual(off.events, []);
  assert.ok(!JSON.stringify(off).includes('area('));

  const on = await callTraced(true);
  assert.deepEqual(on.events.map((e) => e.name), ['gen_ai.content.prompt', 'gen_ai.content.completion']);
  assert.match(String(on.events[0].attributes?.[GEN_AI.prompt]), /export function area/);
  assert.equal(on.events[1].attributes?.[GEN_AI.completion], `return ${SOURCE.length};`);
});
