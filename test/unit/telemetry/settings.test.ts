/** `weavergen.telemetry.*` settings: defaults, malformed values, and what Telemetry does with them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TELEMETRY_SETTINGS, resolveSettings, resolveTelemetry } from '../../../server/src/protocol/settings';
import { Telemetry } from '../../../server/src/telemetry';

test('defaults: capture off, no export, 8 MiB store', () => {
  assert.deepEqual(resolveSettings({}).telemetry, { captureContent: false, otlpEndpoint: '', otlpHeaders: {}, maxStoreBytes: 8 * 1024 * 1024 });
  assert.deepEqual(resolveTelemetry(undefined), DEFAULT_TELEMETRY_SETTINGS);
});

test('malformed values fall back; non-string header values are dropped', () => {
  assert.deepEqual(resolveTelemetry({ captureContent: 'yes', otlpEndpoint: 42, otlpHeaders: { a: 'x', b: 1 }, maxStoreBytes: 10 }),
    { captureContent: false, otlpEndpoint: '', otlpHeaders: { a: 'x' }, maxStoreBytes: DEFAULT_TELEMETRY_SETTINGS.maxStoreBytes });
  assert.deepEqual(resolveSettings({ telemetry: { captureContent: true, otlpEndpoint: ' http://127.0.0.1:4318 ', maxStoreBytes: 4096.7 } }).telemetry,
    { captureContent: true, otlpEndpoint: 'http://127.0.0.1:4318', otlpHeaders: {}, maxStoreBytes: 4096 });
});

test('configure: lowering maxStoreBytes evicts; captureContent switches content on and off', async () => {
  const t = new Telemetry();
  const run = () => t.withSpan('w', {}, async (s) => { s.content('weavergen.code', 'return 1;'); return s.traceId; });
  const before = await run();
  assert.equal(t.store.get(before)![0].attributes['weavergen.code'], undefined);
  t.configure({ ...DEFAULT_TELEMETRY_SETTINGS, captureContent: true });
  const after = await run();
  assert.equal(t.store.get(after)![0].attributes['weavergen.code'], 'return 1;');
  t.configure({ ...DEFAULT_TELEMETRY_SETTINGS, maxStoreBytes: 1024 });
  assert.ok(t.store.bytes <= 1024);
});
