import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SnippetCache, entryBytes, loadCache, percentile, saveCache } from '../../../server/src/cache';

interface Payload { code: string; quality?: { score: number }; traceId?: string }

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

const payload = (code: string, extra: Partial<Payload> = {}): Payload => ({ code, quality: { score: 0.9 }, traceId: 't1', ...extra });

test('get returns the full payload and counts hits and misses', () => {
  const c = clock();
  const cache = new SnippetCache<Payload>({ now: c.now });
  assert.equal(cache.get('k'), undefined);
  cache.set('k', { result: payload('return 1;'), tokens: 100, origin: 'foreground' });
  const hit = cache.get('k')!;
  assert.deepEqual(hit.result, payload('return 1;'));
  assert.equal(hit.tokens, 100);
  assert.equal(hit.createdAt, 1_000_000);
  assert.equal(hit.served, 1);
  const m = cache.metricsSnapshot();
  assert.equal(m.hits, 1);
  assert.equal(m.misses, 1);
  assert.equal(m.hitRate, 0.5);
  assert.equal(m.entries, 1);
  assert.ok(m.sizeBytes >= entryBytes('k', payload('return 1;')));
});

test('TTL expiry follows the injected clock (no autopurge timers)', () => {
  const c = clock();
  const cache = new SnippetCache<Payload>({ now: c.now, ttlMs: 10_000 });
  cache.set('k', { result: payload('x'), tokens: 1, origin: 'background' });
  c.advance(9_999);
  assert.ok(cache.has('k'));
  c.advance(2);
  assert.equal(cache.get('k'), undefined);
  assert.equal(cache.size.entries, 0);
});

test('the byte bound evicts the least recently used entries', () => {
  const c = clock();
  const one = entryBytes('k0', { result: payload('x'.repeat(1000)), tokens: 1, origin: 'foreground', createdAt: c.now(), served: 0 });
  const cache = new SnippetCache<Payload>({ now: c.now, maxBytes: one * 3 + 10 });
  for (let i = 0; i < 3; i++) cache.set(`k${i}`, { result: payload('x'.repeat(1000)), tokens: 1, origin: 'foreground' });
  assert.equal(cache.size.entries, 3);
  assert.ok(cache.get('k0'), 'touch k0 so k1 is the least recent');
  cache.set('k3', { result: payload('x'.repeat(1000)), tokens: 1, origin: 'foreground' });
  assert.ok(cache.size.sizeBytes <= cache.maxBytes);
  assert.equal(cache.has('k1'), false);
  assert.ok(cache.has('k0') && cache.has('k2') && cache.has('k3'));
  assert.equal(cache.set('huge', { result: payload('y'.repeat(one * 4)), tokens: 1, origin: 'foreground' }), false);
});

test('waste: background tokens never served over all tokens spent', () => {
  const cache = new SnippetCache<Payload>({ now: clock().now });
  cache.set('fg', { result: payload('a'), tokens: 200, origin: 'foreground' });
  cache.set('bg1', { result: payload('b'), tokens: 300, origin: 'background' });
  cache.set('bg2', { result: payload('c'), tokens: 500, origin: 'background' });
  assert.equal(cache.metricsSnapshot().wasteRatio, 0.8);
  cache.get('bg2');
  cache.get('bg2'); // served twice: counted once
  const m = cache.metricsSnapshot();
  assert.equal(m.tokensSpent, 1000);
  assert.equal(m.wastedTokens, 300);
  assert.equal(m.wasteRatio, 0.3);
});

test('latency samples: p50/p95 for hits and misses', () => {
  const cache = new SnippetCache<Payload>({ now: clock().now });
  for (let i = 1; i <= 100; i++) cache.metrics.recordLatency('hit', i / 10);
  cache.metrics.recordLatency('miss', 1500);
  cache.metrics.recordLatency('miss', 500);
  const m = cache.metricsSnapshot();
  assert.deepEqual(m.hitLatencyMs, { count: 100, p50: 5, p95: 9.5 });
  assert.deepEqual(m.missLatencyMs, { count: 2, p50: 500, p95: 1500 });
  assert.equal(percentile([], 50), 0);
});

test('deleteUri drops only that document', () => {
  const cache = new SnippetCache<Payload>({ now: clock().now });
  cache.set('file:///a.ts\nempty-body\nh\nfp', { result: payload('a'), tokens: 1, origin: 'foreground' });
  cache.set('file:///b.ts\nempty-body\nh\nfp', { result: payload('b'), tokens: 1, origin: 'foreground' });
  assert.equal(cache.deleteUri('file:///a.ts'), 1);
  assert.equal(cache.size.entries, 1);
});

test('persistence round-trip: payload and createdAt kept, expired dropped, corrupt or missing files ignored', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weaver-cache-'));
  try {
    const file = path.join(dir, 'sub', 'cache.json');
    const c = clock();
    const cache = new SnippetCache<Payload>({ now: c.now, ttlMs: 60_000 });
    cache.set('old', { result: payload('old'), tokens: 5, origin: 'background' });
    c.advance(30_000);
    cache.set('a', { result: payload('a'), tokens: 7, origin: 'foreground' });
    cache.set('b', { result: payload('b', { traceId: 'tb' }), tokens: 9, origin: 'background' });
    assert.equal(await saveCache(cache, file), 3);

    c.advance(40_000); // 'old' is now 70 s old (expired); 'a', 'b' are 40 s old
    const restored = new SnippetCache<Payload>({ now: c.now, ttlMs: 60_000 });
    assert.equal(await loadCache(restored, file), 2);
    assert.equal(restored.has('old'), false);
    const b = restored.get('b')!;
    assert.deepEqual(b.result, payload('b', { traceId: 'tb' }));
    assert.equal(b.createdAt, 1_030_000);
    c.advance(20_001); // the original TTL still applies after loading
    assert.equal(restored.has('a'), false);

    fs.writeFileSync(file, '{not json');
    assert.equal(await loadCache(new SnippetCache<Payload>({ now: c.now }), file), 0);
    assert.equal(await loadCache(new SnippetCache<Payload>({ now: c.now }), path.join(dir, 'missing.json')), 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('persistence is bounded by maxFileBytes, keeping the most recent entries', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weaver-cache-'));
  try {
    const file = path.join(dir, 'cache.json');
    const c = clock();
    const cache = new SnippetCache<Payload>({ now: c.now });
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, { result: payload('z'.repeat(500)), tokens: 1, origin: 'foreground' });
    const written = await saveCache(cache, file, 2000);
    assert.ok(written >= 1 && written < 10, `wrote ${written}`);
    assert.ok(fs.statSync(file).size <= 2000);
    const restored = new SnippetCache<Payload>({ now: c.now });
    assert.equal(await loadCache(restored, file), written);
    assert.ok(restored.has('k9'), 'the most recent entry is kept');
    assert.equal(restored.has('k0'), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
