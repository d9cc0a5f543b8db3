/** withSpan / startSpan: status on success, error and cancellation; nesting through async work. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanKind } from '@opentelemetry/api';
import { Telemetry, traceIdOf, WG, OTEL } from '../../../server/src/telemetry';
import { cancelledError, WeaverError } from '../../../server/src/util/errors';
import { ProviderError } from '../../../server/src/providers/errors';

const spansOf = (t: Telemetry, traceId: string) => t.store.get(traceId) ?? [];
const byName = (t: Telemetry, traceId: string, name: string) => spansOf(t, traceId).find((s) => s.name === name)!;

test('success: status OK, attributes kept, duration measured, trace id returned', async () => {
  const t = new Telemetry();
  let id = '';
  const v = await t.withSpan('work', { 'weavergen.site.kind': 'stub-body', n: 3, skip: undefined }, async (span) => {
    id = traceIdOf(span);
    return 42;
  });
  assert.equal(v, 42);
  assert.match(id, /^[0-9a-f]{32}$/);
  const s = byName(t, id, 'work');
  assert.equal(s.status.code, 'ok');
  assert.deepEqual(s.attributes, { 'weavergen.site.kind': 'stub-body', n: 3 });
  assert.equal(s.parentSpanId, undefined);
  assert.ok(s.end >= s.start && s.durationMs >= 0);
});

test('failure: status ERROR with the typed error code, exception event, error rethrown', async () => {
  const t = new Telemetry();
  let id = '';
  await assert.rejects(t.withSpan('work', {}, async (span) => {
    id = span.traceId;
    throw new WeaverError('no_site', 'Nothing to generate here');
  }), /Nothing to generate/);
  const s = byName(t, id, 'work');
  assert.equal(s.status.code, 'error');
  assert.equal(s.status.message, 'Nothing to generate here');
  assert.equal(s.attributes[OTEL.errorType], 'no_site');
  assert.equal(s.events[0].name, 'exception');
  assert.equal(s.attributes[WG.cancelled], undefined);
});

test('cancellation is not an error: status UNSET with weavergen.cancelled', async () => {
  const t = new Telemetry();
  const cases: [string, () => unknown, AbortSignal | undefined][] = [
    ['generation cancelled', () => cancelledError(), undefined],
    ['provider cancelled', () => new ProviderError({ code: 'cancelled', providerId: 'p', message: 'cancelled' }), undefined],
    ['AbortError', () => Object.assign(new Error('aborted'), { name: 'AbortError' }), undefined],
    ['aborted signal', () => new Error('stream closed'), AbortSignal.abort()],
  ];
  for (const [label, err, signal] of cases) {
    let id = '';
    await assert.rejects(t.withSpan(label, {}, async (span) => {
      id = span.traceId;
      throw err();
    }, { signal }));
    const s = byName(t, id, label);
    assert.equal(s.status.code, 'unset', label);
    assert.equal(s.attributes[WG.cancelled], true, label);
    assert.equal(s.attributes[OTEL.errorType], undefined, label);
  }
});

test('nesting: spans started inside withSpan are children, across awaits and in parallel', async () => {
  const t = new Telemetry();
  let id = '';
  let rootId = '';
  await t.withSpan('root', {}, async (root) => {
    id = root.traceId;
    rootId = root.spanId;
    await Promise.all([1, 2, 3].map((i) => t.withSpan(`child${i}`, {}, async () => {
      await new Promise<void>((r) => setImmediate(r));
      await t.withSpan(`grandchild${i}`, {}, async () => undefined, { kind: SpanKind.CLIENT });
    })));
    const manual = t.startSpan('manual');
    manual.end();
  });
  const spans = spansOf(t, id);
  assert.equal(spans.length, 8);
  for (const i of [1, 2, 3]) {
    const child = byName(t, id, `child${i}`);
    assert.equal(child.parentSpanId, rootId);
    const grand = byName(t, id, `grandchild${i}`);
    assert.equal(grand.parentSpanId, child.spanId);
    assert.equal(grand.kind, 'client');
  }
  assert.equal(byName(t, id, 'manual').parentSpanId, rootId);
  // Outside any withSpan there is no current span: a new trace starts.
  assert.equal(t.current(), undefined);
  const lone = t.startSpan('lone');
  lone.end();
  assert.notEqual(lone.traceId, id);
});

test('parent: null starts a new trace even inside another span', async () => {
  const t = new Telemetry();
  await t.withSpan('outer', {}, async (outer) => {
    await t.withSpan('inner', {}, async (inner) => {
      assert.notEqual(inner.traceId, outer.traceId);
    }, { parent: null });
  });
});

test('disabled telemetry records nothing and gives empty trace ids', async () => {
  const t = new Telemetry({ enabled: false });
  const v = await t.withSpan('work', { a: 1 }, async (span) => {
    span.set({ b: 2 }).event('e');
    assert.equal(traceIdOf(span), '');
    return 'ok';
  });
  assert.equal(v, 'ok');
  assert.equal(t.store.traceCount, 0);
});
