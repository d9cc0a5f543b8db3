/**
 * Event-loop blocking monitor: while background work runs, a timer ticks every
 * `intervalMs`; a tick that fires late by >= `thresholdMs` means the main thread was held
 * at least that long (a user request arriving then waited as long). Each such block is
 * recorded with the stage labels marked meanwhile (util/mainThreadStage.ts); GC pauses
 * are observed beside it. The event loop's utilization over the late tick tells the server's
 * own work (the loop was running code) from waiting for a CPU (the thread was ready, the
 * machine busy). The timer only exists while something is active (`setActive`) and is
 * unref'd; a tick costs a few microseconds.
 */
import { performance as perf, PerformanceObserver, type EventLoopUtilization, type PerformanceEntry } from 'node:perf_hooks';
import type { MainThreadBlock, MainThreadBlocking } from '../protocol';
import { drainStages, listenStages, stageStats } from '../util/mainThreadStage';

export interface LoopMonitorOptions {
  intervalMs?: number;
  thresholdMs?: number;
  /** Longest blocks kept (default 12). */
  keep?: number;
  now?: () => number;
  /** Called with each block recorded (tests; logging). */
  onBlock?: (block: MainThreadBlock) => void;
}

export class LoopMonitor {
  private readonly intervalMs: number;
  private readonly thresholdMs: number;
  private readonly keep: number;
  private readonly now: () => number;
  private readonly onBlock?: (block: MainThreadBlock) => void;
  private readonly active = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private gcObserver: PerformanceObserver | undefined;
  private last = 0;
  private startedAt = 0;
  private monitoredMs = 0;
  private blocks = 0;
  private busyBlocks = 0;
  private lastElu: EventLoopUtilization | undefined;
  private maxMs = 0;
  private totalMs = 0;
  private longest: MainThreadBlock[] = [];
  private readonly gc = { count: 0, maxMs: 0, slow: 0 };
  private readonly gcKinds: Record<string, { count: number; maxMs: number }> = {};
  /** Recent GC pauses of >= 1 ms (start, end), to tell which blocks they were part of. */
  private gcPauses: { start: number; end: number }[] = [];
  private watched = false;

  constructor(options: LoopMonitorOptions = {}) {
    this.intervalMs = options.intervalMs ?? 5;
    this.thresholdMs = options.thresholdMs ?? 10;
    this.keep = options.keep ?? 12;
    this.now = options.now ?? (() => performance.now());
    this.onBlock = options.onBlock;
  }

  /** `source` (e.g. 'jobs', 'refresh') has `count` activities running; watching runs while any does. */
  setActive(source: string, count: number): void {
    if (count > 0) this.active.set(source, count);
    else this.active.delete(source);
    if (this.active.size && !this.timer) this.start();
  }

  /** Marks `source` active until `p` settles (nested uses are counted). */
  track<T>(source: string, p: Promise<T>): Promise<T> {
    this.setActive(source, (this.active.get(source) ?? 0) + 1);
    const done = () => this.setActive(source, (this.active.get(source) ?? 1) - 1);
    p.then(done, done);
    return p;
  }

  snapshot(): MainThreadBlocking | undefined {
    if (!this.watched) return undefined;
    const running = this.timer ? this.now() - this.startedAt : 0;
    return {
      monitoredMs: Math.round(this.monitoredMs + running),
      intervalMs: this.intervalMs, thresholdMs: this.thresholdMs,
      blocks: this.blocks, busyBlocks: this.busyBlocks, maxMs: round1(this.maxMs), totalBlockedMs: Math.round(this.totalMs),
      longest: this.longest.map((b) => this.withGc(b)),
      gc: {
        count: this.gc.count, maxMs: round1(this.gc.maxMs), slow: this.gc.slow,
        byKind: Object.fromEntries(Object.entries(this.gcKinds).map(([k, v]) => [k, { count: v.count, maxMs: round1(v.maxMs) }])),
      },
      stages: stageStats(),
    };
  }

  dispose(): void {
    this.active.clear();
    this.stop();
  }

  private start(): void {
    this.watched = true;
    this.startedAt = this.last = this.now();
    this.lastElu = perf.eventLoopUtilization();
    listenStages(true);
    try {
      this.gcObserver = new PerformanceObserver((list) => this.onGc(list.getEntries()));
      this.gcObserver.observe({ entryTypes: ['gc'] });
    } catch {
      this.gcObserver = undefined; // no GC entries on this runtime: blocks are still measured
    }
    this.schedule();
  }

  private stop(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.monitoredMs += this.now() - this.startedAt;
    listenStages(false);
    this.gcObserver?.disconnect();
    this.gcObserver = undefined;
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  private tick(): void {
    const t = this.now();
    const late = t - this.last - this.intervalMs;
    this.last = t;
    const stages = drainStages();
    const elu = perf.eventLoopUtilization();
    const busyMs = this.lastElu ? elu.active - this.lastElu.active : undefined;
    this.lastElu = elu;
    if (late >= this.thresholdMs) {
      this.record({ ms: round1(late), stages: stages.join(' > '), at: Math.round(t), ...(busyMs !== undefined ? { busyMs: round1(busyMs) } : {}) });
    }
    if (!this.active.size) return this.stop();
    this.schedule();
  }

  private record(b: MainThreadBlock): void {
    this.blocks++;
    if ((b.busyMs ?? b.ms) >= this.thresholdMs) this.busyBlocks++;
    this.totalMs += b.ms;
    if (b.ms > this.maxMs) this.maxMs = b.ms;
    if (this.longest.length < this.keep || b.ms > this.longest[this.longest.length - 1].ms) {
      this.longest.push(b);
      this.longest.sort((x, y) => y.ms - x.ms);
      if (this.longest.length > this.keep) this.longest.pop();
    }
    this.onBlock?.(b);
  }

  /** The block with the GC pauses that fell inside it (entries arrive after the block, so this is done on read). */
  private withGc(b: MainThreadBlock): MainThreadBlock {
    const end = b.at;
    const start = end - b.ms - this.intervalMs;
    let gcMs = 0;
    for (const p of this.gcPauses) gcMs += Math.max(0, Math.min(end, p.end) - Math.max(start, p.start));
    return gcMs > 0 ? { ...b, gcMs: round1(gcMs) } : { ...b };
  }

  private onGc(entries: PerformanceEntry[]): void {
    for (const e of entries) {
      const kind = GC_KINDS[(e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
      const k = (this.gcKinds[kind] ??= { count: 0, maxMs: 0 });
      k.count++;
      if (e.duration > k.maxMs) k.maxMs = e.duration;
      if (e.duration >= 1) {
        this.gcPauses.push({ start: e.startTime, end: e.startTime + e.duration });
        if (this.gcPauses.length > MAX_GC_PAUSES) this.gcPauses = this.gcPauses.slice(-MAX_GC_PAUSES / 2);
      }
      this.gc.count++;
      if (e.duration > this.gc.maxMs) this.gc.maxMs = e.duration;
      if (e.duration >= this.thresholdMs) this.gc.slow++;
    }
  }
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
/** perf_hooks' GC kinds (NODE_PERFORMANCE_GC_*). */
const GC_KINDS: Record<number, string> = { 1: 'minor', 4: 'major', 8: 'incremental', 16: 'weakcb' };
/** GC pauses remembered for attributing blocks. */
const MAX_GC_PAUSES = 512;
