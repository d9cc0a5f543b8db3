/**
 * The foreground queue (user requests): bounded, FIFO per lane with lanes taking turns,
 * superseded by a newer request with the same key, cancelled while queued. Pure: work is
 * controlled by the test, the clock is injected, nothing is timed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BackgroundScheduler, ForegroundCancelled, ForegroundQueue, isSuperseded, type BackgroundJobSpec, type ForegroundTicket,
} from '../../../server/src/scheduler';
import { isGenerationCancelled } from '../../../server/src/util/errors';

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

/** Work the test finishes by name; records start order and the signal each start got. */
function harness(q: { run: <T>(t: ForegroundTicket, fn: (s: AbortSignal) => Promise<T>) => Promise<T> }) {
  const started: string[] = [];
  const signals = new Map<string, AbortSignal>();
  const finishers = new Map<string, (v: string) => void>();
  const failers = new Map<string, (e: unknown) => void>();
  const submit = (name: string, ticket: ForegroundTicket = {}) => q.run(ticket, (signal) => {
    started.push(name);
    signals.set(name, signal);
    return new Promise<string>((resolve, reject) => { finishers.set(name, resolve); failers.set(name, reject); });
  });
  return {
    started, signals, submit,
    finish: (name: string) => finishers.get(name)!(`result ${name}`),
    fail: (name: string, e: unknown) => failers.get(name)!(e),
  };
}

/** Lets settled promises' callbacks run (a macrotask turn; no time is measured). */
const settle = () => new Promise<void>((r) => setImmediate(r));

test('at most `concurrency` requests run; the next starts when one settles', async () => {
  const q = new ForegroundQueue({ concurrency: 2, now: clock().now });
  const h = harness(q);
  const results = ['a', 'b', 'c', 'd', 'e'].map((n) => h.submit(n, { lane: 'doc' }));
  assert.deepEqual(h.started, ['a', 'b']);
  assert.deepEqual({ running: q.status().running, queued: q.status().queued }, { running: 2, queued: 3 });
  h.finish('b');
  assert.equal(await results[1], 'result b');
  assert.deepEqual(h.started, ['a', 'b', 'c']);
  h.finish('a');
  h.finish('c');
  await Promise.all([results[0], results[2]]);
  assert.deepEqual(h.started, ['a', 'b', 'c', 'd', 'e']);
  h.finish('d');
  h.finish('e');
  assert.deepEqual(await Promise.all(results), ['a', 'b', 'c', 'd', 'e'].map((n) => `result ${n}`));
  assert.equal(q.size, 0);
  assert.equal(q.status().counts.completed, 5);
});

test('fair: FIFO within a lane, lanes take turns, so a burst on one document does not hold back another', async () => {
  const q = new ForegroundQueue({ concurrency: 1, now: clock().now });
  const h = harness(q);
  const all = [h.submit('block', { lane: 'x' })];
  for (const n of ['a1', 'a2', 'a3', 'a4']) all.push(h.submit(n, { lane: 'A' }));
  for (const n of ['b1', 'b2']) all.push(h.submit(n, { lane: 'B' }));
  all.push(h.submit('c1', { lane: 'C' }));
  assert.equal(q.status().lanes, 3);
  for (let i = 0; i < 8; i++) {
    const running = h.started[h.started.length - 1];
    h.finish(running);
    await settle();
  }
  assert.deepEqual(h.started, ['block', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
  await Promise.all(all);
});

test('a newer request with the same key supersedes a queued one: it never starts and answers cancelled', async () => {
  const q = new ForegroundQueue({ concurrency: 1, now: clock().now });
  const h = harness(q);
  const block = h.submit('block', { lane: 'doc', key: 'doc#other' });
  const older = h.submit('older', { lane: 'doc', key: 'doc#site1' });
  const unrelated = h.submit('unrelated', { lane: 'doc', key: 'doc#site2' });
  const newer = h.submit('newer', { lane: 'doc', key: 'doc#site1' });
  const err = await older.then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof ForegroundCancelled);
  assert.equal(isSuperseded(err), true);
  assert.equal(isGenerationCancelled(err), true, 'a normal cancellation (code cancelled), not an internal error');
  assert.equal(q.status().queued, 2);
  h.finish('block');
  await block;
  h.finish('unrelated');
  await unrelated;
  h.finish('newer');
  assert.equal(await newer, 'result newer');
  assert.deepEqual(h.started, ['block', 'unrelated', 'newer']);
  assert.equal(q.status().counts.superseded, 1);
});

test('a newer request supersedes a running one: its signal aborts, its caller is answered at once, its slot is held until its work settles', async () => {
  const q = new ForegroundQueue({ concurrency: 1, now: clock().now });
  const h = harness(q);
  const older = h.submit('older', { lane: 'doc', key: 'doc#site' });
  assert.deepEqual(h.started, ['older']);
  const newer = h.submit('newer', { lane: 'doc', key: 'doc#site' });
  assert.equal(h.signals.get('older')!.aborted, true);
  const err = await older.then(() => undefined, (e: unknown) => e);
  assert.equal(isSuperseded(err), true);
  assert.deepEqual(h.started, ['older'], 'the newer one waits for the older work to stop');
  assert.equal(q.status().running, 1);
  h.fail('older', new Error('aborted'));
  await settle();
  assert.deepEqual(h.started, ['older', 'newer']);
  h.finish('newer');
  assert.equal(await newer, 'result newer');
});

test('an older request that finishes after being superseded still answers cancelled', async () => {
  const q = new ForegroundQueue({ concurrency: 2, now: clock().now });
  const h = harness(q);
  const older = h.submit('older', { key: 'k' });
  const newer = h.submit('newer', { key: 'k' });
  h.finish('older');
  assert.equal(isSuperseded(await older.then(() => undefined, (e: unknown) => e)), true);
  h.finish('newer');
  assert.equal(await newer, 'result newer');
});

test('the caller cancelling while queued ($/cancelRequest) removes the request; it never starts', async () => {
  const c = clock();
  const q = new ForegroundQueue({ concurrency: 1, now: c.now });
  const h = harness(q);
  const block = h.submit('block');
  const ac = new AbortController();
  const waiting = h.submit('waiting', { lane: 'doc', signal: ac.signal });
  const after = h.submit('after', { lane: 'doc' });
  c.advance(1500);
  assert.equal(q.status().longestWaitMs, 1500);
  ac.abort();
  const err = await waiting.then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof ForegroundCancelled);
  assert.equal(isSuperseded(err), false);
  assert.equal(isGenerationCancelled(err), true);
  assert.equal(q.status().queued, 1);
  h.finish('block');
  await block;
  h.finish('after');
  await after;
  assert.deepEqual(h.started, ['block', 'after']);
  assert.equal(q.status().longestWaitMs, 0);
});

test('the caller cancelling while running aborts the work\'s signal; an already aborted caller is refused', async () => {
  const q = new ForegroundQueue({ concurrency: 1, now: clock().now });
  const h = harness(q);
  const ac = new AbortController();
  const running = h.submit('running', { signal: ac.signal });
  ac.abort();
  assert.equal(h.signals.get('running')!.aborted, true);
  h.fail('running', new Error('pipeline cancelled'));
  await assert.rejects(running, /pipeline cancelled/);
  assert.deepEqual(q.status().counts, { completed: 0, superseded: 0, cancelled: 1 });
  await assert.rejects(h.submit('late', { signal: ac.signal }), (e: unknown) => e instanceof ForegroundCancelled);
  assert.deepEqual(h.started, ['running']);
});

test('dispose cancels queued requests and aborts running ones', async () => {
  const q = new ForegroundQueue({ concurrency: 1, now: clock().now });
  const h = harness(q);
  const a = h.submit('a');
  const b = h.submit('b');
  q.dispose();
  assert.equal(h.signals.get('a')!.aborted, true);
  for (const p of [a, b]) assert.equal((await p.then(() => undefined, (e: unknown) => e) as ForegroundCancelled).reason, 'disposed');
  assert.deepEqual(h.started, ['a']);
});

test('scheduler: user requests are bounded and superseded through the scheduler, and background waits while any is queued', async () => {
  const s = new BackgroundScheduler({ now: clock().now, foregroundConcurrency: 1 });
  const h = harness({ run: (t, fn) => s.runForeground(fn, t) });
  const first = h.submit('first', { lane: 'doc', key: 'doc#1' });
  const older = h.submit('older', { lane: 'doc', key: 'doc#2' });
  const newer = h.submit('newer', { lane: 'doc', key: 'doc#2' });
  assert.deepEqual(h.started, ['first']);
  assert.equal(isSuperseded(await older.then(() => undefined, (e: unknown) => e)), true);
  let bgStarted = 0;
  const job: BackgroundJobSpec = {
    uri: 'file:///a.ts', contextKey: 'bg', provider: { id: 'local', kind: 'openai-compatible' }, estimatedTokens: 1,
    run: async () => { bgStarted++; return { tokensUsed: 1 }; },
  };
  const r = s.enqueue(job);
  assert.equal(s.status().foreground, 2);
  h.finish('first');
  await first;
  assert.deepEqual(h.started, ['first', 'newer']);
  assert.equal(bgStarted, 0, 'background does not start while a user request is queued or running');
  h.finish('newer');
  await newer;
  assert.deepEqual(await r.done, { status: 'completed', tokensUsed: 1 });
  assert.equal(bgStarted, 1);
  assert.equal(s.foregroundStatus().counts.superseded, 1);
});
