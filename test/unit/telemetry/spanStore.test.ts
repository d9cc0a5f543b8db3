/** The in-memory store: bounded in bytes, whole oldest traces evicted. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanStore } from '../../../server/src/telemetry/spanStore';
import { Telemetry } from '../../../server/src/telemetry';
import type { SerializedSpan } from '../../../server/src/protocol/traces';

function span(traceId: string, i: number, pad = 0): SerializedSpan {
  return {
    traceId, spanId: `s${i}`, name: `span${i}`, kind: 'internal', start: i, end: i + 1, durationMs: 1,
    status: { code: 'ok' }, attributes: { pad: 'x'.repeat(pad) }, events: [],
  };
}
const sizeOf = (s: SerializedSpan) => Buffer.byteLength(JSON.stringify(s)) + 1;

test('never holds more than its cap; evicts whole traces, oldest first', () => {
  const store = new SpanStore(10_000);
  let peak = 0;
  for (let t = 0; t < 50; t++) {
    for (let i = 0; i < 5; i++) {
      const s = span(`t${t}`, i, 200);
      store.add(s, sizeOf(s));
      peak = Math.max(peak, store.bytes);
      assert.ok(store.bytes <= 10_000);
    }
  }
  assert.ok(peak > 8_000, 'the store was actually filled');
  assert.equal(store.peakBytes, peak);
  const ids = store.traceIds();
  assert.equal(ids.at(-1), 't49');
  // Every trace still held is complete except possibly the oldest one's tail... none: evicted whole.
  for (const id of ids) assert.equal(store.get(id)!.length, 5, id);
  assert.equal(store.get('t0'), undefined);
  assert.ok(store.evictedTraces > 0);
});

test('a span larger than the cap is dropped; lowering the cap evicts', () => {
  const store = new SpanStore(2_000);
  const big = span('big', 0, 5_000);
  store.add(big, sizeOf(big));
  assert.equal(store.bytes, 0);
  assert.equal(store.droppedSpans, 1);
  for (let t = 0; t < 4; t++) { const s = span(`t${t}`, 0, 100); store.add(s, sizeOf(s)); }
  const before = store.traceCount;
  store.setMaxBytes(sizeOf(span('t0', 0, 100)) * 2);
  assert.ok(store.traceCount < before);
  assert.deepEqual(store.traceIds(), ['t2', 't3']);
});

test('Telemetry respects weavergen.telemetry.maxStoreBytes', async () => {
  const t = new Telemetry({ settings: { maxStoreBytes: 4096 } });
  for (let i = 0; i < 200; i++) {
    await t.withSpan('root', { i }, async () => {
      t.startSpan('child', { note: 'y'.repeat(100) }).end();
    });
    assert.ok(t.store.bytes <= 4096);
  }
  assert.ok(t.store.traceCount > 0 && t.store.traceCount < 200);
  for (const id of t.store.traceIds()) assert.equal(t.store.get(id)!.length, 2);
});
