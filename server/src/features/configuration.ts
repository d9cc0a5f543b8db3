/**
 * Settings and secrets: initializationOptions.settings, then `workspace/configuration`
 * (section 'weavergen') when the client supports it, refreshed on didChangeConfiguration;
 * keys and OTLP headers from SecretsNotification (memory only). Every value is type- and
 * bounds-checked (protocol/settings.ts `checkSettings`); what was replaced or clamped is told
 * to the user once per change, naming the setting. Every change re-resolves the providers and
 * the outcome is pushed to the client as a StatusNotification.
 *
 * Trust scoping (which scope a value came from) cannot be told here: workspace/configuration
 * carries merged values. It is enforced by the client before the values are sent
 * (client/src/scopedSettings.ts, docs/settings.md).
 */
import { DidChangeConfigurationNotification, type InitializeParams } from 'vscode-languageserver';
import { CONFIG_SECTION, SecretsNotification, StatusNotification } from '../protocol';
import { checkSettings, type WeaverSettings } from '../protocol/settings';
import { showMessage } from './messages';
import type { Feature, ServerContext } from './feature';

export function configurationFeature(ctx: ServerContext, init: () => InitializeParams | undefined): Feature {
  const { connection, providers } = ctx;
  const canPull = () => Boolean(ctx.client().workspace?.configuration);
  let shownIssues = '';
  let lastRaw: unknown;
  /** Set once the first settings (initializationOptions) are applied. */
  let started = false;
  let otlpHeaders: Record<string, string> = {};

  const sub = providers.onDidChange((c) => {
    const resolved = c.resolved;
    void connection.sendNotification(StatusNotification, {
      state: c.state === 'resolving' ? 'starting' : c.state,
      providers: resolved?.infos ?? [],
      ...(c.error ? { message: c.error } : resolved?.notes.length ? { message: resolved.notes.join(' ') } : {}),
    });
  });

  /** Checked settings with the secret OTLP headers; tells the user (once) what was not accepted. */
  const settingsOf = (raw: unknown): WeaverSettings => {
    lastRaw = raw;
    const { settings, issues } = withSecretHeaders(raw, otlpHeaders);
    const key = issues.join('\n');
    if (key !== shownIssues) {
      shownIssues = key;
      for (const m of issues) connection.console.warn(`WeaverGen settings: ${m}`);
      if (issues.length) showMessage(connection, 'warning', `WeaverGen: ${issues.length === 1 ? issues[0] : `${issues.length} settings were not accepted as given: ${issues.join(' ')}`}`);
    }
    return settings;
  };

  const apply = async (raw: unknown): Promise<void> => {
    const next = settingsOf(raw);
    if (JSON.stringify(next) === JSON.stringify(providers.settings())) return;
    await providers.update({ settings: next });
  };

  const pull = async (pushed?: unknown): Promise<void> => {
    let raw: unknown = pushed;
    if (canPull()) {
      try {
        raw = await connection.workspace.getConfiguration(CONFIG_SECTION);
      } catch (e) {
        connection.console.warn(`WeaverGen: could not read settings: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
    }
    if (raw === undefined || raw === null) return;
    await apply(raw);
  };

  connection.onInitialized(() => {
    if (ctx.client().workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: CONFIG_SECTION });
    }
    const initial = (init()?.initializationOptions as { settings?: unknown } | undefined)?.settings;
    started = true;
    void providers.update({ settings: settingsOf(initial) }).then(() => pull());
  });
  connection.onDidChangeConfiguration((p) => {
    const pushed = (p?.settings as Record<string, unknown> | undefined | null)?.[CONFIG_SECTION];
    void pull(pushed);
  });
  connection.onNotification(SecretsNotification, (p) => {
    const keys = p?.keys && typeof p.keys === 'object' ? p.keys : {};
    if (p?.otlpHeaders && typeof p.otlpHeaders === 'object') {
      otlpHeaders = stringEntries(p.otlpHeaders);
      // Before the first settings arrive the headers are only kept; settingsOf(initial) adds them.
      if (started) {
        void providers.update({ keys, settings: settingsOf(lastRaw) });
        return;
      }
    }
    void providers.update({ keys });
  });
  return { capabilities: () => ({}), dispose: () => sub.dispose() };
}

/**
 * `checkSettings`, with `telemetry.otlpHeaders` taken from SecretStorage only: headers found in
 * the settings are dropped with a message (they are tokens and belong in SecretStorage).
 */
export function withSecretHeaders(raw: unknown, headers: Record<string, string>): { settings: WeaverSettings; issues: string[] } {
  const { settings, issues } = checkSettings(raw);
  const inSettings = (raw as { telemetry?: { otlpHeaders?: unknown } } | undefined)?.telemetry?.otlpHeaders;
  if (inSettings && typeof inSettings === 'object' && Object.keys(inSettings).length) {
    issues.push('weavergen.telemetry.otlpHeaders in settings is ignored: header tokens are kept in SecretStorage (run "WeaverGen: Set OTLP Headers").');
  }
  return { settings: { ...settings, telemetry: { ...settings.telemetry, otlpHeaders: { ...headers } } }, issues };
}

function stringEntries(o: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'string') out[k] = v;
  return out;
}
