/**
 * Settings and secrets: initializationOptions.settings, then `workspace/configuration`
 * (section 'weavergen') when the client supports it, refreshed on didChangeConfiguration;
 * keys from SecretsNotification (memory only). Every change re-resolves the providers and
 * the outcome is pushed to the client as a StatusNotification.
 */
import { DidChangeConfigurationNotification, type InitializeParams } from 'vscode-languageserver';
import { CONFIG_SECTION, SecretsNotification, StatusNotification } from '../protocol';
import { resolveSettings } from '../protocol/settings';
import type { Feature, ServerContext } from './feature';

export function configurationFeature(ctx: ServerContext, init: () => InitializeParams | undefined): Feature {
  const { connection, providers } = ctx;
  const canPull = () => Boolean(ctx.client().workspace?.configuration);

  const sub = providers.onDidChange((c) => {
    const resolved = c.resolved;
    void connection.sendNotification(StatusNotification, {
      state: c.state === 'resolving' ? 'starting' : c.state,
      providers: resolved?.infos ?? [],
      ...(c.error ? { message: c.error } : resolved?.notes.length ? { message: resolved.notes.join(' ') } : {}),
    });
  });

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
    const next = resolveSettings(raw);
    if (JSON.stringify(next) === JSON.stringify(providers.settings())) return;
    await providers.update({ settings: next });
  };

  connection.onInitialized(() => {
    if (ctx.client().workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: CONFIG_SECTION });
    }
    const initial = (init()?.initializationOptions as { settings?: unknown } | undefined)?.settings;
    void providers.update({ settings: resolveSettings(initial) }).then(() => pull());
  });
  connection.onDidChangeConfiguration((p) => {
    const pushed = (p.settings as Record<string, unknown> | undefined)?.[CONFIG_SECTION];
    void pull(pushed);
  });
  connection.onNotification(SecretsNotification, (p) => {
    void providers.update({ keys: p.keys ?? {} });
  });
  return { capabilities: () => ({}), dispose: () => sub.dispose() };
}
