/**
 * What the main thread is doing, as a cheap label: pipeline stages call `markStage(label)`
 * (or wrap a synchronous step in `timedStage(label, fn)`, which also records how long it
 * held the thread). The event-loop monitor (pregen/loopMonitor.ts) reads the labels seen
 * since its last tick to say what ran during a long block. A label is a constant string;
 * marking costs an assignment and, only while a monitor listens, an array push.
 * No I/O, nothing done at import time beyond plain variables.
 */

/** Synchronous steps that held the thread at least this long are counted per label. */
const SLOW_STEP_MS = 10;
const MAX_TRAIL = 8;

export interface StageStats { label: string; count: number; maxMs: number; slow: number }

let current = 'idle';
let listening = 0;
let trail: string[] = [];
const stats = new Map<string, StageStats>();

/** The stage now running on the main thread (the last one marked). */
export function markStage(label: string): void {
  current = label;
  if (listening && trail[trail.length - 1] !== label && trail.length < MAX_TRAIL) trail.push(label);
}

/** Runs `fn` under `label` and records how long it held the main thread (synchronous part only). */
export function timedStage<T>(label: string, fn: () => T): T {
  markStage(label);
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    const ms = performance.now() - t0;
    let s = stats.get(label);
    if (!s) stats.set(label, (s = { label, count: 0, maxMs: 0, slow: 0 }));
    s.count++;
    if (ms > s.maxMs) s.maxMs = ms;
    if (ms >= SLOW_STEP_MS) s.slow++;
  }
}

/** The labels marked since the last call (the current one first when nothing new was marked). */
export function drainStages(): string[] {
  const t = trail.length ? trail : [current];
  trail = [current];
  return t;
}

/** A monitor starts (or stops) listening for the trail of labels. */
export function listenStages(on: boolean): void {
  listening = Math.max(0, listening + (on ? 1 : -1));
  trail = [current];
}

/** Per-label timings of `timedStage` steps, slowest first. */
export function stageStats(): StageStats[] {
  return [...stats.values()].map((s) => ({ ...s, maxMs: Math.round(s.maxMs * 10) / 10 })).sort((a, b) => b.maxMs - a.maxMs);
}
