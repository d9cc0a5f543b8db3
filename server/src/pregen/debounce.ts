/**
 * Adaptive debounce for the pre-generation triggers (didChange, cursor, idle), after
 * Tabby's agent: the wait follows the user's typing rhythm (an EMA of the intervals
 * between edits — wait until the pause is clearly longer than a keystroke gap) and the
 * model latency (a slow model makes a job on a half-typed context more expensive, so
 * wait a little longer). It only ever delays *background* work: request handlers read
 * the cache directly and are never behind this debounce. Injected clock.
 */

export interface DebounceOptions {
  now: () => number;
  /** Bounds of the computed delay (default 120 .. 1500 ms). */
  minMs?: number;
  maxMs?: number;
  /** Starting estimates (default 250 ms between keystrokes, 1000 ms model latency). */
  initialTypingMs?: number;
  initialLatencyMs?: number;
  /** EMA weight of a new sample (default 0.3). */
  alpha?: number;
}

/** Gaps longer than this are pauses, not typing rhythm. */
const MAX_TYPING_GAP_MS = 3000;

export class AdaptiveDebounce {
  private readonly now: () => number;
  private readonly minMs: number;
  private readonly maxMs: number;
  private readonly alpha: number;
  private typingMs: number;
  private latencyMs: number;
  private readonly lastEvent = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(opts: DebounceOptions) {
    this.now = opts.now;
    this.minMs = opts.minMs ?? 120;
    this.maxMs = Math.max(this.minMs, opts.maxMs ?? 1500);
    this.alpha = opts.alpha ?? 0.3;
    this.typingMs = opts.initialTypingMs ?? 250;
    this.latencyMs = opts.initialLatencyMs ?? 1000;
  }

  /** An edit (or cursor move) in `key`'s document happened now: learn the typing rhythm. */
  recordEvent(key: string): void {
    const t = this.now();
    const prev = this.lastEvent.get(key);
    this.lastEvent.set(key, t);
    if (prev === undefined) return;
    const gap = t - prev;
    if (gap >= 0 && gap <= MAX_TYPING_GAP_MS) this.typingMs += this.alpha * (gap - this.typingMs);
  }

  /** A model call (background job or foreground miss) took `ms`. */
  recordLatency(ms: number): void {
    if (Number.isFinite(ms) && ms >= 0) this.latencyMs += this.alpha * (ms - this.latencyMs);
  }

  /** The current wait: twice the typing gap plus a tenth of the model latency, clamped. */
  delayMs(): number {
    const d = 2 * this.typingMs + 0.1 * this.latencyMs;
    return Math.round(Math.min(this.maxMs, Math.max(this.minMs, d)));
  }

  get estimates(): { typingMs: number; latencyMs: number } {
    return { typingMs: this.typingMs, latencyMs: this.latencyMs };
  }

  /** Runs `fn` once `delay` ms pass without another `schedule` for `key` (latest call wins). */
  schedule(key: string, fn: () => void, delay = this.delayMs()): void {
    this.cancel(key);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      fn();
    }, Math.max(0, delay));
    timer.unref?.();
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  forget(key: string): void {
    this.cancel(key);
    this.lastEvent.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.lastEvent.clear();
  }
}
