/**
 * When to ping the language server and when to give up on it: a pure state machine with an
 * injected clock (no timers, no `vscode`). A server that is alive but deaf (a stuck event loop,
 * a truncated LSP frame it keeps waiting on) never crashes, so the supervisor's close handler
 * never sees it; this notices it. Only a silent server is pinged: anything it sends counts.
 * After `maxMisses` pings in a row without an answer within `deadlineMs` it is restarted.
 */

export interface HealthPolicy {
  /** Silence after which the server is pinged, ms. */
  quietMs: number;
  /** How long one ping may go unanswered, ms. */
  deadlineMs: number;
  /** Unanswered pings in a row before the server is restarted. */
  maxMisses: number;
}

/** 10 s of silence, then up to 3 pings of 10 s each: a server silent for 40 s is restarted. */
export const DEFAULT_HEALTH_POLICY: HealthPolicy = { quietMs: 10_000, deadlineMs: 10_000, maxMisses: 3 };

export type HealthAction =
  | { kind: 'wait' }
  | { kind: 'ping' }
  /** Restart the server: it has been silent `silentMs` and missed `misses` pings. */
  | { kind: 'restart'; silentMs: number; misses: number };

export class HealthCheck {
  private lastHeard: number;
  private pingSentAt: number | undefined;
  private misses = 0;

  constructor(
    private readonly policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
    private readonly now: () => number = Date.now,
  ) {
    this.lastHeard = now();
  }

  /** Something arrived from the server (any message, a ping's answer included). */
  heard(): void {
    this.lastHeard = this.now();
    this.pingSentAt = undefined;
    this.misses = 0;
  }

  /** What to do now. Call it on a regular tick; a returned `ping` is taken as sent. */
  next(): HealthAction {
    const t = this.now();
    if (this.pingSentAt !== undefined) {
      if (t - this.pingSentAt < this.policy.deadlineMs) return { kind: 'wait' };
      this.misses++;
      this.pingSentAt = undefined;
      if (this.misses >= this.policy.maxMisses) {
        const action = { kind: 'restart' as const, silentMs: t - this.lastHeard, misses: this.misses };
        this.heard(); // a fresh start for the restarted server
        return action;
      }
      return this.ping(t);
    }
    return t - this.lastHeard >= this.policy.quietMs ? this.ping(t) : { kind: 'wait' };
  }

  /** How often to call next(): often enough to act within a fifth of the shortest wait. */
  get tickMs(): number {
    return Math.max(100, Math.floor(Math.min(this.policy.quietMs, this.policy.deadlineMs) / 5));
  }

  private ping(t: number): HealthAction {
    this.pingSentAt = t;
    return { kind: 'ping' };
  }
}
