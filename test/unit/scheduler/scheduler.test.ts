import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackgroundScheduler, type BackgroundJobSpec, type SchedulerStatus } from '../../../server/src/scheduler';

const LOCAL = { id: 'local', kind: 'openai-compatible' as const };
const PAID = { id: 'gpt', kind: 'openai' as const };

/** A job whose work is controlled by the test: it settles when told, or rejects on abort. */
function controllable(spec: Partial<BackgroundJobSpec> & { contextKey: string }) {
  let started!: () => void;
  const startedP = new Promise<void>((r) => { started = r; });
  let finish!: (tokens: number) => void;
  let seen: AbortSignal | undefined;
  const job: BackgroundJobSpec = {
    uri: 'file:///a.ts', provider: LOCAL, estimatedTokens: 100, ...spec,
    run: (signal) => new Promise((resolve, reject) => {
      seen = signal;
      signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { tokensUsed: 10 })), { once: true });
      finish = (tokens) => resolve({ tokensUsed: tokens });
      started();
    }),
  };
  return { job, started: startedP, finish: (t: number) => finish(t), signal: () => seen };
}

/** Resolves when the scheduler reports a status matching `pred` (checked now and on every change). */
function waitForStatus(s: BackgroundScheduler, pred: (st: SchedulerStatus) => boolean): Promise<void> {
  if (pred(s.status())) return Promise.resolve();
  return new Promise((resolve) => {
    const sub = s.onDidChange((st) => { if (pred(st)) { sub.dispose(); resolve(); } });
  });
}

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

test('concurrency limit: one background job at a time by default, priority order', async () => {
  const s = new BackgroundScheduler({ now: clock().now });
  const a = controllable({ contextKey: 'a' });
  const b = controllable({ contextKey: 'b', priority: 1 });
  const c = controllable({ contextKey: 'c', priority: 5 });
  const ra = s.enqueue(a.job);
  const rb = s.enqueue(b.job);
  const rc = s.enqueue(c.job);
  await a.started;
  assert.deepEqual(s.status().running.map((r) => r.contextKey), ['a']);
  assert.equal(s.status().queued, 2);
  a.finish(80);
  assert.deepEqual(await ra.done, { status: 'completed', tokensUsed: 80 });
  await c.started; // higher priority first
  assert.deepEqual(s.status().running.map((r) => r.contextKey), ['c']);
  c.finish(1);
  await b.started;
  b.finish(1);
  await Promise.all([rb.done, rc.done]);
  await s.whenIdle();
  assert.equal(s.status().counts.completed, 3);
});

test('concurrency 2 runs two at once', async () => {
  const s = new BackgroundScheduler({ now: clock().now, concurrency: 2 });
  const a = controllable({ contextKey: 'a' });
  const b = controllable({ contextKey: 'b' });
  s.enqueue(a.job);
  s.enqueue(b.job);
  await Promise.all([a.started, b.started]);
  assert.equal(s.status().running.length, 2);
  a.finish(1);
  b.finish(1);
  await s.whenIdle();
});

test('a foreground request pre-empts: the background signal is aborted before it runs, the job is re-queued', async () => {
  const s = new BackgroundScheduler({ now: clock().now });
  const bg = controllable({ contextKey: 'bg' });
  const r = s.enqueue(bg.job);
  await bg.started;
  let abortedBeforeForeground = false;
  let releaseForeground!: () => void;
  const fg = s.runForeground(async () => {
    abortedBeforeForeground = bg.signal()!.aborted;
    await new Promise<void>((res) => { releaseForeground = res; });
    return 'user result';
  });
  assert.equal(abortedBeforeForeground, true);
  assert.equal(s.status().foreground, 1);
  // The aborted job settles; it goes back to the queue but does not start during the foreground work.
  await waitForStatus(s, (st) => st.running.length === 0);
  assert.equal(s.status().queued, 1);
  releaseForeground();
  assert.equal(await fg, 'user result');
  assert.equal(s.status().running.length, 1, 'restarted once the foreground ended');
  assert.equal(bg.signal()!.aborted, false, 'the restarted run has a fresh, live signal');
  bg.finish(50);
  assert.deepEqual(await r.done, { status: 'completed', tokensUsed: 50 });
});

test('a job pre-empted too often is dropped', async () => {
  const s = new BackgroundScheduler({ now: clock().now, maxRequeues: 0 });
  const bg = controllable({ contextKey: 'bg' });
  const r = s.enqueue(bg.job);
  await bg.started;
  await s.runForeground(async () => 1);
  assert.deepEqual(await r.done, { status: 'cancelled', reason: 'preempted' });
});

test('invalidate cancels queued and running jobs whose context changed, only for that document', async () => {
  const s = new BackgroundScheduler({ now: clock().now });
  const run1 = controllable({ contextKey: 'k1' });
  const q2 = controllable({ contextKey: 'k2' });
  const q3 = controllable({ contextKey: 'k3' });
  const other = controllable({ contextKey: 'k1-other', uri: 'file:///b.ts' });
  const r1 = s.enqueue(run1.job);
  const r2 = s.enqueue(q2.job);
  s.enqueue(q3.job);
  s.enqueue(other.job);
  await run1.started;
  const stillValid = new Set(['k3']);
  assert.equal(s.invalidate('file:///a.ts', (key) => !stillValid.has(key)), 2);
  assert.equal(run1.signal()!.aborted, true);
  assert.deepEqual(await r1.done, { status: 'cancelled', reason: 'invalidated' });
  assert.deepEqual(await r2.done, { status: 'cancelled', reason: 'invalidated' });
  await q3.started;
  q3.finish(1);
  await other.started;
  other.finish(1);
  await s.whenIdle();
  assert.equal(s.status().counts.cancelled, 2);
});

test('paid providers are excluded from background work unless allowed', async () => {
  const s = new BackgroundScheduler({ now: clock().now });
  const paid = controllable({ contextKey: 'p', provider: PAID });
  const r = s.enqueue(paid.job);
  assert.equal(r.accepted, false);
  assert.equal(r.reason, 'paid-provider');
  assert.equal((await r.done).status, 'skipped');
  assert.equal(s.status().lastSkip?.reason, 'paid-provider');
  const anthropic = s.enqueue(controllable({ contextKey: 'q', provider: { id: 'claude', kind: 'anthropic' } }).job);
  assert.equal(anthropic.reason, 'paid-provider');

  const allowed = new BackgroundScheduler({ now: clock().now, allowPaidBackground: true });
  const p2 = controllable({ contextKey: 'p', provider: PAID });
  const r2 = allowed.enqueue(p2.job);
  assert.equal(r2.accepted, true);
  await p2.started;
  p2.finish(5);
  assert.equal((await r2.done).status, 'completed');
});

test('sliding-window budget per provider: skips with a reason, recovers as the window slides', async () => {
  const c = clock();
  const s = new BackgroundScheduler({ now: c.now, tokensPerHour: 1000, perProvider: { small: 50 } });
  const a = controllable({ contextKey: 'a', estimatedTokens: 700 });
  const ra = s.enqueue(a.job);
  await a.started;
  assert.equal(s.budgetLeft('local'), 300, 'the estimate is reserved while running');
  a.finish(600);
  await ra.done;
  assert.equal(s.budgetLeft('local'), 400, 'settled to the tokens actually spent');

  const tooBig = s.enqueue(controllable({ contextKey: 'b', estimatedTokens: 500 }).job);
  assert.equal(tooBig.reason, 'budget');
  const out = await tooBig.done;
  assert.equal(out.status, 'skipped');
  assert.match(out.status === 'skipped' ? out.detail : '', /needs ~500 tokens, 400 left/);
  assert.equal(s.enqueue(controllable({ contextKey: 's', estimatedTokens: 60, provider: { id: 'small', kind: 'openai-compatible' } }).job).reason, 'budget');

  const budget = s.status().budget;
  assert.deepEqual(budget.find((b) => b.providerId === 'local'), { providerId: 'local', limit: 1000, used: 600, left: 400 });
  assert.deepEqual(budget.find((b) => b.providerId === 'small'), { providerId: 'small', limit: 50, used: 0, left: 50 });

  c.advance(60 * 60 * 1000 + 1);
  assert.equal(s.budgetLeft('local'), 1000);
  const later = controllable({ contextKey: 'b', estimatedTokens: 500 });
  const rl = s.enqueue(later.job);
  assert.equal(rl.accepted, true);
  await later.started;
  later.finish(500);
  await rl.done;
});

test('an aborted job is charged what it reports (else its estimate); duplicates are refused', async () => {
  const s = new BackgroundScheduler({ now: clock().now, tokensPerHour: 1000, maxRequeues: 0 });
  const a = controllable({ contextKey: 'a', estimatedTokens: 300 });
  const ra = s.enqueue(a.job);
  assert.equal(s.enqueue(controllable({ contextKey: 'a' }).job).reason, 'duplicate');
  await a.started;
  s.invalidate('file:///a.ts', () => true);
  await ra.done;
  assert.equal(s.budgetLeft('local'), 990, 'the job reported 10 tokens spent before the abort');
});

test('status listeners see changes; dispose cancels everything', async () => {
  const s = new BackgroundScheduler({ now: clock().now });
  const seen: number[] = [];
  const sub = s.onDidChange((st) => seen.push(st.queued + st.running.length));
  const a = controllable({ contextKey: 'a' });
  const b = controllable({ contextKey: 'b' });
  const ra = s.enqueue(a.job);
  const rb = s.enqueue(b.job);
  await a.started;
  assert.ok(seen.includes(2));
  sub.dispose();
  s.dispose();
  assert.deepEqual(await rb.done, { status: 'cancelled', reason: 'disposed' });
  assert.deepEqual(await ra.done, { status: 'cancelled', reason: 'disposed' });
  assert.equal(s.enqueue(controllable({ contextKey: 'c' }).job).reason, 'disposed');
});

test('several providers: each is gated and charged on its own budget; the job runs on those with budget left', async () => {
  const s = new BackgroundScheduler({ now: clock().now, tokensPerHour: 1000, perProvider: { b: 150 }, allowPaidBackground: false });
  const shares = [
    { id: 'a', kind: 'openai-compatible' as const, estimatedTokens: 100 },
    { id: 'b', kind: 'openai-compatible' as const, estimatedTokens: 100 },
    { id: 'gpt', kind: 'openai' as const, estimatedTokens: 100 },
  ];
  let startedWith: string[] = [];
  const run = (spend: Record<string, number>) => (_signal: AbortSignal, ids: string[]) => {
    startedWith = ids;
    const byProvider = Object.fromEntries(ids.map((id) => [id, spend[id] ?? 0]));
    return Promise.resolve({ tokensUsed: Object.values(byProvider).reduce((x, y) => x + y, 0), byProvider });
  };
  const first = s.enqueue({ uri: 'file:///a.ts', contextKey: 'k1', provider: shares[0], estimatedTokens: 300, providers: shares, run: run({ a: 70, b: 120 }) });
  assert.equal(first.accepted, true);
  assert.deepEqual(await first.done, { status: 'completed', tokensUsed: 190 });
  assert.deepEqual(startedWith, ['a', 'b'], 'the paid provider is left out, the free ones run');
  assert.equal(s.budgetLeft('a'), 930, 'a is charged what a spent');
  assert.equal(s.budgetLeft('b'), 30, 'b is charged what b spent, not the total');
  assert.equal(s.budgetLeft('gpt'), 1000, 'the excluded provider is charged nothing');

  const second = s.enqueue({ uri: 'file:///a.ts', contextKey: 'k2', provider: shares[0], estimatedTokens: 300, providers: shares, run: run({ a: 80 }) });
  assert.deepEqual(await second.done, { status: 'completed', tokensUsed: 80 });
  assert.deepEqual(startedWith, ['a'], 'b has 30 tokens left, less than its share: the job runs on a alone');

  const onlyB = s.enqueue({ uri: 'file:///a.ts', contextKey: 'k3', provider: shares[1], estimatedTokens: 100, providers: [shares[1], shares[2]], run: run({}) });
  assert.equal(onlyB.accepted, false);
  const refused = await onlyB.done;
  assert.equal(refused.status, 'skipped');
  if (refused.status === 'skipped') assert.match(refused.detail, /^b: needs ~100 tokens, 30 left/, 'the detail names the first provider that failed');
  assert.deepEqual(s.status().budget.map((b) => [b.providerId, b.used]), [['a', 150], ['b', 120]]);
});

test('several providers without a per-provider breakdown keep their estimates charged', async () => {
  const s = new BackgroundScheduler({ now: clock().now, tokensPerHour: 1000 });
  const providers = [{ id: 'a', kind: 'openai-compatible' as const, estimatedTokens: 100 }, { id: 'b', kind: 'openai-compatible' as const, estimatedTokens: 200 }];
  const r = s.enqueue({ uri: 'file:///a.ts', contextKey: 'k', provider: providers[0], estimatedTokens: 300, providers, run: () => Promise.reject(Object.assign(new Error('boom'), { tokensUsed: 5 })) });
  assert.equal((await r.done).status, 'failed');
  assert.equal(s.budgetLeft('a'), 900);
  assert.equal(s.budgetLeft('b'), 800);
});

test('a job refused at enqueue is announced to status listeners', () => {
  const s = new BackgroundScheduler({ now: clock().now });
  const seen: SchedulerStatus[] = [];
  s.onDidChange((st) => seen.push(st));
  const r = s.enqueue(controllable({ contextKey: 'paid', provider: PAID }).job);
  assert.equal(r.accepted, false);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].counts.skipped, 1);
  assert.equal(seen[0].lastSkip?.reason, 'paid-provider');
});
