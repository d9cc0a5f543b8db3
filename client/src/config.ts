/**
 * Typed reading and writing of the `weavergen.*` settings. The shape and the defaults are
 * the server's (server/src/protocol/settings.ts); the client only reads them from VS Code.
 */
import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../../server/src/protocol';
import { resolveSettings, type ProviderSettings, type WeaverSettings } from '../../server/src/protocol/settings';
import { scopeSettings, type ScopeDecision } from './settingsScope';
import { settingsScopeFor } from './settingsTarget';

export type { ProviderSettings, WeaverSettings };

/** The effective settings for the current workspace, defaults filled in, trust-scoped (hosts nobody confirmed). */
export function readSettings(): WeaverSettings {
  return resolveSettings(readScopedSettings([]).raw);
}

/**
 * The settings as the server gets them, unchecked (the server checks them and tells the user what
 * it did not accept): values a workspace may not set alone (client/src/settingsScope.ts)
 * are replaced unless they come from the user's settings or their host is in `confirmed`;
 * `telemetry.otlpHeaders` are never taken from settings (SecretStorage). `decision` says what was left out.
 */
export function readScopedSettings(confirmed: readonly string[]): { raw: Record<string, unknown>; decision: ScopeDecision } {
  const cfg = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const decision = scopeSettings({
    providers: cfg.inspect('providers') ?? {},
    localServerURLs: cfg.inspect('localServerURLs') ?? {},
    otlpEndpoint: cfg.inspect('telemetry.otlpEndpoint') ?? {},
    captureContent: cfg.inspect('telemetry.captureContent') ?? {},
    otlpHeaders: cfg.inspect('telemetry.otlpHeaders') ?? {},
    confirmed,
    optIns: Object.fromEntries(USER_OPT_INS.map((name) => [name, cfg.inspect(name) ?? {}])),
  });
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(resolveSettings({}))) raw[key] = cfg.get(key);
  const telemetry = raw.telemetry && typeof raw.telemetry === 'object' ? raw.telemetry as Record<string, unknown> : {};
  raw.providers = decision.values.providers;
  raw.localServerURLs = decision.values.localServerURLs;
  raw.telemetry = {
    ...telemetry, otlpEndpoint: decision.values.otlpEndpoint, captureContent: decision.values.captureContent, otlpHeaders: {},
  };
  for (const [name, value] of Object.entries(decision.values.optIns)) setPath(raw, name, value);
  return { raw, decision };
}

/**
 * `weavergen.providers` as written in the settings (checked, not trust-scoped): what a command that
 * rewrites the list starts from, so a provider left out by trust scoping is not deleted by it.
 */
export function readProvidersAsWritten(): ProviderSettings[] {
  return resolveSettings({ providers: vscode.workspace.getConfiguration(CONFIG_SECTION).get('providers') }).providers;
}

/** Opt-ins only the user may switch on (a workspace value `true` is not used). */
const USER_OPT_INS = ['execution.allowWithoutOsSandbox'];

/** Sets `a.b` in `o` (copying the objects on the way, never mutating what `cfg.get` returned). */
function setPath(o: Record<string, unknown>, name: string, value: unknown): void {
  const [head, ...rest] = name.split('.');
  if (!rest.length) {
    if (value !== undefined) o[head] = value;
    return;
  }
  const inner = o[head] && typeof o[head] === 'object' ? { ...(o[head] as Record<string, unknown>) } : {};
  setPath(inner, rest.join('.'), value);
  o[head] = inner;
}

/** Where a settings change to `key` goes: user settings unless the workspace already sets it (settingsTarget.ts). */
export function settingsTarget(key?: string): vscode.ConfigurationTarget {
  const inspected = key ? vscode.workspace.getConfiguration(CONFIG_SECTION).inspect(key) : undefined;
  return settingsScopeFor(inspected) === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

export async function writeSetting<K extends keyof WeaverSettings>(key: K, value: WeaverSettings[K]): Promise<void> {
  await vscode.workspace.getConfiguration(CONFIG_SECTION).update(key, value, settingsTarget(key));
}

/** Opens the Settings UI filtered to WeaverGen (or to one setting). */
export async function openSettings(setting?: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', setting ? `${CONFIG_SECTION}.${setting}` : CONFIG_SECTION);
}
