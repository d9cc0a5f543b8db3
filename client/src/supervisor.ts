/**
 * Supervision of the language server: restart it after a crash and tell the user, but give
 * up after too many crashes in a short window and offer a Restart button instead.
 */
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult } from 'vscode-languageclient/node';

export interface RestartPolicy {
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { maxRestarts: 5, windowMs: 3 * 60_000 };

export interface SupervisorEvents {
  /** The server crashed and is being restarted. */
  restarting(): void;
  /** The server crashed too often and stays down. */
  gaveUp(crashes: number): void;
}

export class Supervisor implements ErrorHandler {
  private readonly crashes: number[] = [];

  constructor(
    private readonly events: SupervisorEvents,
    private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A few read/write errors can happen while a crashing process goes away; the
    // connection's close is what decides about restarting.
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const t = this.now();
    this.crashes.push(t);
    while (this.crashes.length && this.crashes[0] < t - this.policy.windowMs) this.crashes.shift();
    if (this.crashes.length > this.policy.maxRestarts) {
      this.events.gaveUp(this.crashes.length);
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.events.restarting();
    return { action: CloseAction.Restart, handled: true };
  }

  /** After a manual restart the user gets a fresh budget. */
  reset(): void {
    this.crashes.length = 0;
  }
}
