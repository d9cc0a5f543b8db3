/** The pre-generation glue: adaptive debounce (injected clock), serving rebuilt edits, edit tracking, background plan. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdaptiveDebounce } from '../../../server/src/pregen/debounce';
import { servedResult } from '../../../server/src/pregen/serve';
import { DocState } from '../../../server/src/pregen/docState';
import { backgroundPlan } from '../../../server/src/pregen/plan';
import { PregenCache } from '../../../server/src/pregen/cacheView';
import { findSite } from '../../../server/src/context/siteFinder';
import { resolveSettings } from '../../../server/src/protocol/settings';
import type { GenerateResult, ProviderInfo } from '../../../server/src/protocol';

test('debounce follows the typing rhythm: fast typing shortens it, slow typing lengthens it, bounded', () => {
  let t = 0;
  const d = new AdaptiveDebounce({ now: () => t, minMs: 100, maxMs: 1500, initialTypingMs: 250, initialLatencyMs: 1000 });
  assert.equal(d.delayMs(), 600);
  for (let i = 0; i < 30; i++) { t += 60; d.recordEvent('a'); }
  const fast = d.delayMs();
  assert.ok(fast < 300 && fast >= 100, String(fast));
  for (let i = 0; i < 30; i++) { t += 900; d.recordEvent('a'); }
  const slow = d.delayMs();
  assert.ok(slow > 1000 && slow <= 1500, String(slow));
  // Long pauses are not rhythm.
  t += 60_000; d.recordEvent('a');
  assert.equal(d.delayMs(), slow);
});

test('debounce follows model latency', () => {
  const d = new AdaptiveDebounce({ now: () => 0, minMs: 0, maxMs: 10_000, initialTypingMs: 100, initialLatencyMs: 0 });
  const base = d.delayMs();
  for (let i = 0; i < 20; i++) d.recordLatency(5000);
  assert.ok(d.delayMs() > base + 400, `${base} -> ${d.delayMs()}`);
});

const TEXT = 'export function add(a: number, b: number): number {\n}\n';

function cached(): GenerateResult {
  const found = findSite(TEXT, 'a.ts', { position: { line: 0, character: 52 } })!;
  const use = { id: 'p', kind: 'replay' as const, model: 'm', recorded: false, status: 'ok' as const, latencyMs: 5, inputTokens: 10, outputTokens: 5 };
  return {
    code: '\n  return a + b;\n', edit: { textDocument: { uri: 'file:///a.ts', version: 1 }, edits: [{ range: found.site.range, newText: 'x' }] },
    site: found.site, provider: use, providers: [use], recorded: false, timings: { totalMs: 900, contextMs: 1, generationMs: 800 },
    quality: { score: 77, components: {} }, traceId: 't1',
    consensus: { clusters: [], winnerClusterId: 'c', hunks: [{ winnerRange: { startLine: 1, endLine: 1 }, winnerText: '', alternatives: [] }] },
  };
}

test('a served result carries the CURRENT version and range, keeps the evidence, shifts hunks', () => {
  const moved = `// header\n// more\n${TEXT}`;
  const found = findSite(moved, 'a.ts', { position: { line: 2, character: 52 } })!;
  const r = servedResult(cached(), found, { uri: 'file:///a.ts', version: 7 });
  assert.equal(r.fromCache, true);
  assert.deepEqual(r.edit.textDocument, { uri: 'file:///a.ts', version: 7 });
  assert.deepEqual(r.edit.edits[0].range, found.site.range);
  assert.equal(r.edit.edits[0].newText, '\n  return a + b;\n');
  assert.equal(r.traceId, 't1');
  assert.equal(r.quality!.score, 77);
  assert.equal(r.consensus!.hunks[0].winnerRange.startLine, 3);
});

test('DocState finds the edit offset and notices an accepted served result', () => {
  const s = new DocState('abc\ndef\n');
  assert.equal(s.changed('abc\ndef\n', 1), false);
  assert.equal(s.changed('abc\nXdef\n', 2), true);
  assert.deepEqual(s.edits.at(-1), { offset: 4, time: 2 });
  s.remember({ code: 'return 1;', kind: 'empty-body', key: 'k', at: 3 });
  assert.equal(s.takeAccepted(4), undefined);
  s.changed('abc\nXdef\nreturn 1;\n', 5);
  assert.equal(s.takeAccepted(6)?.key, 'k');
  assert.equal(s.takeAccepted(7), undefined);
});

test('background plan leaves paid providers out unless allowed; the fingerprint follows the set', () => {
  const infos: ProviderInfo[] = [
    { id: 'gpt', kind: 'openai', model: 'g', enabled: true, recorded: false, source: 'settings' },
    { id: 'local', kind: 'openai-compatible', model: 'l', enabled: true, recorded: false, source: 'settings' },
  ];
  const off = backgroundPlan(infos, resolveSettings({}));
  assert.deepEqual(off.ids, ['local']);
  assert.deepEqual(off.jobProvider, { id: 'local', kind: 'openai-compatible' });
  const on = backgroundPlan(infos, resolveSettings({ pregeneration: { allowPaidProviders: true } }));
  assert.deepEqual(on.ids, ['gpt', 'local']);
  assert.deepEqual(on.members, [{ id: 'gpt', kind: 'openai' }, { id: 'local', kind: 'openai-compatible' }], 'every background provider is budgeted');
  assert.notEqual(on.fingerprint, off.fingerprint);
  const paidOnly = backgroundPlan([infos[0]], resolveSettings({}));
  assert.deepEqual(paidOnly.ids, []);
  assert.deepEqual(paidOnly.jobProvider, { id: 'gpt', kind: 'openai' }, 'the scheduler refuses it visibly');
  assert.deepEqual(paidOnly.members, [{ id: 'gpt', kind: 'openai' }]);
});

test('peek reads the cache without counting a lookup or marking it served', () => {
  const c = new PregenCache({ now: () => 0 });
  c.cache.set('k', { result: cached(), tokens: 100, origin: 'background' });
  assert.ok(c.peek('k'));
  assert.equal(c.peek('nope'), undefined);
  let m = c.cache.metricsSnapshot();
  assert.equal(m.hits + m.misses, 0);
  assert.equal(m.wasteRatio, 1);
  c.cache.get('k');
  m = c.cache.metricsSnapshot();
  assert.equal(m.hits, 1);
  assert.equal(m.wasteRatio, 0);
});

test('pregeneration settings: defaults and bad values', () => {
  const d = resolveSettings({}).pregeneration;
  assert.deepEqual(d, { enabled: true, allowPaidProviders: false, tokensPerHour: 20000, maxSites: 3, cacheMaxBytes: 8388608, cacheTtlMinutes: 30, inlineMinQuality: 60, persistCache: false });
  const bad = resolveSettings({ pregeneration: { enabled: 'yes', maxSites: -1, inlineMinQuality: 500 } }).pregeneration;
  assert.equal(bad.enabled, true);
  assert.equal(bad.maxSites, 3);
  assert.equal(bad.inlineMinQuality, 100);
});
