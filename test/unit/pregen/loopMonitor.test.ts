import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoopMonitor } from '../../../server/src/pregen/loopMonitor';
import { markStage, timedStage, stageStats } from '../../../server/src/util/mainThreadStage';
import type { MainThreadBlock } from '../../../server/src/protocol';

/** Holds the main thread for `ms` (what a slow synchronous stage does). */
function hold(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* busy */ }
}

test('a block while background work is active is recorded with the stages marked during it', async () => {
  let seen!: (b: MainThreadBlock) => void;
  const recorded = new Promise<MainThreadBlock>((resolve) => { seen = resolve; });
  const monitor = new LoopMonitor({ intervalMs: 5, thresholdMs: 10, onBlock: (b) => { if (b.stages.includes('test.slow')) seen(b); } });
  assert.equal(monitor.snapshot(), undefined, 'nothing watched yet');
  let finish!: () => void;
  const work = monitor.track('jobs', new Promise<void>((resolve) => { finish = resolve; }));
  markStage('test.before');
  markStage('test.slow');
  hold(40);
  const block = await recorded;
  finish();
  await work;
  assert.ok(block.ms >= 30, `lateness ${block.ms}`);
  assert.match(block.stages, /test\.slow/);
  assert.ok(block.busyMs !== undefined && block.busyMs >= 30, `the loop was busy during the hold (${block.busyMs} ms), not waiting for a CPU`);
  const snap = monitor.snapshot()!;
  assert.ok(snap.blocks >= 1);
  assert.ok((snap.busyBlocks ?? 0) >= 1, 'counted as the server\'s own work');
  assert.ok(snap.maxMs >= block.ms);
  assert.ok(snap.longest.some((b) => b.ms === block.ms && b.stages === block.stages));
  assert.ok(snap.monitoredMs >= 30);
  monitor.dispose();
});

test('timedStage counts synchronous steps that hold the thread >= 10 ms, per label', () => {
  timedStage('test.fast', () => 1);
  const r = timedStage('test.slowStep', () => { hold(12); return 'done'; });
  assert.equal(r, 'done');
  const slow = stageStats().find((s) => s.label === 'test.slowStep')!;
  assert.equal(slow.count, 1);
  assert.equal(slow.slow, 1);
  assert.ok(slow.maxMs >= 12);
  assert.equal(stageStats().find((s) => s.label === 'test.fast')!.slow, 0);
});

test('a block that holds a garbage collection says how much of it was GC', async () => {
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  let seen!: (b: MainThreadBlock) => void;
  const recorded = new Promise<MainThreadBlock>((resolve) => { seen = resolve; });
  const monitor = new LoopMonitor({ intervalMs: 5, thresholdMs: 10, onBlock: (b) => { if (b.stages.includes('test.gc')) seen(b); } });
  let finish!: () => void;
  const work = monitor.track('jobs', new Promise<void>((resolve) => { finish = resolve; }));
  // Live objects make a full collection take a while (marking them all).
  const live = Array.from({ length: 300_000 }, (_, i) => ({ i, s: `x${i}` }));
  markStage('test.gc');
  hold(5);
  for (let i = 0; i < 2; i++) gc();
  hold(5);
  const block = await recorded;
  // GC entries are delivered after the block: wait for the observer (bounded, event-driven turns).
  for (let i = 0; i < 200 && !(monitor.snapshot()!.gc.count > 0); i++) await new Promise((r) => setImmediate(r));
  finish();
  await work;
  const snap = monitor.snapshot()!;
  const mine = snap.longest.find((b) => b.at === block.at)!;
  assert.ok(snap.gc.count > 0, 'the collections were observed');
  assert.ok((mine.gcMs ?? 0) > 0, `the block holds GC time (${JSON.stringify(mine)})`);
  assert.ok((mine.gcMs ?? 0) <= mine.ms + 5 + 0.1, 'never more GC than the block itself');
  assert.equal(live.length, 300_000);
  monitor.dispose();
});
