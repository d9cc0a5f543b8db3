/** The text of a `weavergen-trace` document: golden output, and queries over the store. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTrace } from '../../../server/src/telemetry/renderText';
import { getTrace, listTraces } from '../../../server/src/telemetry/queries';
import { SpanStore } from '../../../server/src/telemetry/spanStore';
import type { SerializedSpan } from '../../../server/src/protocol/traces';

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5, 600);
const TRACE = '0af7651916cd43dd8448eb211c80319c';

function s(spanId: string, parent: string | undefined, name: string, start: number, dur: number, rest: Partial<SerializedSpan> = {}): SerializedSpan {
  return {
    traceId: TRACE, spanId, ...(parent ? { parentSpanId: parent } : {}), name, kind: 'internal',
    start: T0 + start, end: T0 + start + dur, durationMs: dur, status: { code: 'ok' }, attributes: {}, events: [], ...rest,
  };
}

const SPANS: SerializedSpan[] = [
  s('c2', 'r', 'gen_ai.chat', 3, 40.4, {
    kind: 'client', status: { code: 'unset' }, attributes: { 'weavergen.cancelled': true, 'gen_ai.request.model': 'slow' },
  }),
  s('r', undefined, 'weavergen.generate', 0, 123.4, {
    attributes: { 'weavergen.site.kind': 'stub-body', 'weavergen.quality.score': 91, 'weavergen.file.uri': 'file:///a.ts' },
  }),
  s('c1', 'r', 'gen_ai.chat', 2, 98.76, {
    kind: 'client',
    attributes: { 'gen_ai.request.model': 'fast', 'gen_ai.usage.output_tokens': 12, 'gen_ai.response.finish_reasons': ['stop'] },
    events: [{ name: 'gen_ai.content.prompt', time: T0 + 2.5, attributes: { 'gen_ai.prompt': 'line1\nline2' } }],
  }),
  s('x', 'c1', 'sandbox.run', 50, 4.25, { status: { code: 'error', message: 'timeout after 2000 ms' }, attributes: { 'error.type': 'timeout' } }),
];

test('renders an indented tree with durations, status and sorted attributes', () => {
  assert.equal(renderTrace(TRACE, SPANS), [
    `trace ${TRACE}  2025-01-02T03:04:05.600Z  4 spans`,
    'weavergen.generate  123 ms  OK  weavergen.file.uri="file:///a.ts" weavergen.quality.score=91 weavergen.site.kind="stub-body"',
    '  gen_ai.chat  99 ms  OK  gen_ai.request.model="fast" gen_ai.response.finish_reasons=["stop"] gen_ai.usage.output_tokens=12',
    '    * gen_ai.content.prompt  +0.5 ms  gen_ai.prompt="line1\\nline2"',
    '    sandbox.run  4.3 ms  ERROR  error.type="timeout" status.message="timeout after 2000 ms"',
    '  gen_ai.chat  40 ms  CANCELLED  gen_ai.request.model="slow" weavergen.cancelled=true',
    '',
  ].join('\n'));
});

test('a span whose parent is missing is rendered as a root', () => {
  const text = renderTrace(TRACE, [SPANS[3]]);
  assert.equal(text.split('\n')[1], 'sandbox.run  4.3 ms  ERROR  error.type="timeout" status.message="timeout after 2000 ms"');
  assert.match(text, / 1 span\n/);
});

test('getTrace / listTraces answer from the store', () => {
  const store = new SpanStore(1 << 20);
  for (const sp of SPANS) store.add(sp, 100);
  const other = { ...SPANS[1], traceId: 'b'.repeat(32), spanId: 'r2', start: T0 + 1000, end: T0 + 1010, durationMs: 10,
    status: { code: 'error' as const }, attributes: { 'weavergen.file.uri': 'file:///b.ts' } };
  store.add(other, 100);

  const t = getTrace(store, TRACE)!;
  assert.deepEqual(t.spans.map((x) => x.spanId), ['r', 'c1', 'c2', 'x']);
  assert.equal(t.text, renderTrace(TRACE, SPANS));
  assert.equal(getTrace(store, 'f'.repeat(32)), null);

  assert.deepEqual(listTraces(store), [
    { traceId: 'b'.repeat(32), name: 'weavergen.generate', start: T0 + 1000, durationMs: 10, status: 'error', uri: 'file:///b.ts', spanCount: 1 },
    { traceId: TRACE, name: 'weavergen.generate', start: T0, durationMs: 123.4, status: 'ok', uri: 'file:///a.ts', qualityScore: 91, spanCount: 4 },
  ]);
  assert.deepEqual(listTraces(store, { uri: 'file:///a.ts' }).map((x) => x.traceId), [TRACE]);
  assert.equal(listTraces(store, { limit: 1 }).length, 1);
});
