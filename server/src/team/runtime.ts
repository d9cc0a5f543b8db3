/**
 * The team session as the language server holds it: `apply` is called with the settings and
 * the credentials whenever either changes, and (re)creates, keeps or ends the session —
 * none while `weavergen.team.url` is empty, so with no team server nothing is created and
 * nothing connects. Owned by the composition root, disposed on shutdown.
 */
import { createHash } from 'node:crypto';
import type { TeamSettings } from '../protocol/teamSettings';
import type { TeamCredentials } from './credentials';
import { RedisTeamStore, type RedisStoreOptions } from './redisStore';
import { TeamSession } from './session';
import type { SharedResult } from './sharedResult';
import type { TeamStore } from './store';

export interface TeamRuntimeDeps {
  /** Opens a store (default: RedisTeamStore.open). */
  open?: (opts: RedisStoreOptions) => TeamStore;
  /** A teammate's result for a key the engine computed (put it in the local cache). */
  onAdopt?: (localKey: string, shared: SharedResult) => void;
}

export class TeamRuntime {
  private session: TeamSession | undefined;
  private signature = '';
  private ending: Promise<void> = Promise.resolve();

  constructor(private readonly deps: TeamRuntimeDeps = {}) {}

  /** The live session, or undefined when team mode is off. */
  get current(): TeamSession | undefined {
    return this.session;
  }

  apply(settings: TeamSettings, credentials: TeamCredentials = {}): void {
    const secret = createHash('sha256').update(JSON.stringify([credentials.username ?? '', credentials.password ?? ''])).digest('hex');
    const signature = settings.url ? JSON.stringify([settings, secret]) : '';
    if (signature === this.signature) return;
    this.signature = signature;
    this.end();
    if (!settings.url) return;
    const store = (this.deps.open ?? RedisTeamStore.open)({ url: settings.url, ...credentials, timeoutMs: settings.timeoutMs });
    this.session = new TeamSession({
      store,
      namespace: settings.namespace,
      shareCode: settings.shareCode,
      teamWeight: settings.teamWeight,
      results: { ttlSeconds: Math.ceil(settings.resultTtlHours * 3600), minQuality: settings.minQuality, onAdopt: this.deps.onAdopt },
    }).start();
  }

  async dispose(): Promise<void> {
    this.signature = '';
    this.end();
    await this.ending;
  }

  private end(): void {
    const s = this.session;
    this.session = undefined;
    if (s) this.ending = this.ending.then(() => s.dispose()).catch(() => undefined);
  }
}
