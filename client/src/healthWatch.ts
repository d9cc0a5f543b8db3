/**
 * Wires the health check (health.ts) to a LanguageClient: every message from the server counts
 * as a sign of life (through the connection's message strategy, so nothing is parsed twice);
 * while the client is running a timer asks the check what to do, sends `weavergen/ping`, and
 * on `restart` logs why and calls `restart` (Ctx ends the server process, and the supervisor
 * restarts it under its usual crash budget).
 */
import { State, type LanguageClient, type MessageStrategy } from 'vscode-languageclient/node';
import { PingRequest } from '../../server/src/protocol';
import { HealthCheck, type HealthPolicy } from './health';

export interface HealthWatchDeps {
  log: { info(m: string): void; warn(m: string): void };
  /** Ends the deaf server so that it is restarted. */
  restart(): void;
  policy?: HealthPolicy;
}

export class HealthWatch {
  private readonly check: HealthCheck;
  private timer: NodeJS.Timeout | undefined;
  /** Pass as `connectionOptions.messageStrategy` of the client. */
  readonly messageStrategy: MessageStrategy = {
    handleMessage: (message, next) => {
      this.check.heard();
      next(message);
    },
  };

  constructor(private readonly deps: HealthWatchDeps) {
    this.check = new HealthCheck(deps.policy);
  }

  /** Checks `client` while it runs; the returned disposable stops it. */
  watch(client: LanguageClient): { dispose(): void } {
    const sub = client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.start(client);
      else this.stop();
    });
    if (client.isRunning()) this.start(client);
    return { dispose: () => { sub.dispose(); this.stop(); } };
  }

  private start(client: LanguageClient): void {
    this.stop();
    this.check.heard();
    this.timer = setInterval(() => this.tick(client), this.check.tickMs);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(client: LanguageClient): void {
    const action = this.check.next();
    if (action.kind === 'ping') {
      // The answer is heard through the message strategy; a failed send is a miss like any other.
      void client.sendRequest(PingRequest, undefined).then(() => this.check.heard(), () => undefined);
    } else if (action.kind === 'restart') {
      this.deps.log.warn(`language server did not answer for ${Math.round(action.silentMs / 1000)} s ` +
        `(${action.misses} health checks missed); ending it so that it restarts`);
      this.stop();
      this.deps.restart();
    }
  }
}
