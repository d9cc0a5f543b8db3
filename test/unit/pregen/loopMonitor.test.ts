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
  assert.ok(block.ms >= 30 && block.ms < 1000, `lateness ${block.ms}`);
  assert.match(block.stages, /test\.slow/);
  const snap = monitor.snapshot()!;
  assert.ok(snap.blocks >= 1);
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
