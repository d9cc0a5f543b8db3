/**
 * The current provider set: settings + keys -> resolved providers. Re-resolves when
 * settings or keys change (aborting a resolution still in flight) and tells listeners.
 * No LSP types: shared by the language server and the CLI.
 */
import type { WeaverSettings } from '../protocol/settings';
import type { ResolvedProviders, ProviderEnv } from '../providers/registry';

export type Keys = ProviderEnv['keys'];
export type Resolver = (settings: WeaverSettings, env: ProviderEnv, signal?: AbortSignal) => Promise<ResolvedProviders>;

export interface ProviderSource {
  settings(): WeaverSettings;
  current(): Promise<ResolvedProviders>;
}

export interface ProviderSetChange { state: 'resolving' | 'ready' | 'error'; resolved?: ResolvedProviders; error?: string }

export class ProviderSet implements ProviderSource {
  private settingsValue: WeaverSettings;
  private clientKeys: Keys = {};
  private inFlight?: AbortController;
  private latest: Promise<ResolvedProviders>;
  private readonly listeners = new Set<(c: ProviderSetChange) => void>();

  constructor(
    private readonly resolver: Resolver,
    private readonly env: { keys: Keys; demoRecordingPath: string },
    settings: WeaverSettings,
  ) {
    this.settingsValue = settings;
    this.latest = Promise.resolve({ providers: [], infos: [], notes: [] });
  }

  settings(): WeaverSettings {
    return this.settingsValue;
  }

  /** The providers of the latest resolution (waits for it if still running). */
  current(): Promise<ResolvedProviders> {
    return this.latest;
  }

  onDidChange(listener: (c: ProviderSetChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Replace settings and/or client keys, then re-resolve. */
  update(change: { settings?: WeaverSettings; keys?: Keys }): Promise<ResolvedProviders> {
    if (change.settings) this.settingsValue = change.settings;
    if (change.keys) this.clientKeys = { ...change.keys };
    return this.resolve();
  }

  resolve(): Promise<ResolvedProviders> {
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    const keys: Keys = { ...this.env.keys };
    for (const k of ['openai', 'anthropic'] as const) if (this.clientKeys[k]) keys[k] = this.clientKeys[k];
    this.emit({ state: 'resolving' });
    const run = this.resolver(this.settingsValue, { keys, demoRecordingPath: this.env.demoRecordingPath }, controller.signal);
    this.latest = run.then((resolved) => {
      if (this.inFlight === controller) this.emit({ state: 'ready', resolved });
      return resolved;
    }, (e: unknown) => {
      const error = e instanceof Error ? e.message : String(e);
      if (this.inFlight === controller) this.emit({ state: 'error', error });
      return { providers: [], infos: [], notes: [`Provider resolution failed: ${error}`] };
    });
    return this.latest;
  }

  dispose(): void {
    this.inFlight?.abort();
    this.listeners.clear();
  }

  private emit(c: ProviderSetChange): void {
    for (const l of this.listeners) l(c);
  }
}

/** API keys from the environment (never logged). */
export function envKeys(env: NodeJS.ProcessEnv = process.env): Keys {
  const keys: Keys = {};
  if (env.OPENAI_API_KEY) keys.openai = env.OPENAI_API_KEY;
  if (env.ANTHROPIC_API_KEY) keys.anthropic = env.ANTHROPIC_API_KEY;
  return keys;
}
