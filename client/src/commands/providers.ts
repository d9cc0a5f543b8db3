/** WeaverGen: Select Providers — toggles `weavergen.providers[].enabled`, adds detected ones. */
import * as vscode from 'vscode';
import { ListProvidersRequest, type ProviderInfo } from '../../../server/src/protocol';
import { readProvidersAsWritten, readSettings, writeSetting, type ProviderSettings } from '../config';
import type { Ctx } from '../ctx';
import { errorText } from '../ctx';
import { noProviderHelp } from './help';

interface ProviderItem extends vscode.QuickPickItem {
  info: ProviderInfo;
}

export function selectProviders(ctx: Ctx) {
  return async (): Promise<void> => {
    let providers: ProviderInfo[];
    try {
      providers = await ctx.client.sendRequest(ListProvidersRequest, undefined);
    } catch (e) {
      void ctx.messages.show('error', `WeaverGen: could not list providers: ${errorText(e)}`);
      return;
    }
    if (!providers.length) return noProviderHelp(ctx);
    const items: ProviderItem[] = providers.map((info) => ({
      label: info.id,
      description: `${info.kind} · ${info.model}${info.recorded ? ' · recorded' : ''}`,
      detail: `from ${info.source}${info.baseURL ? ` · ${info.baseURL}` : ''}${info.hasKey === false ? ' · no API key' : ''}`,
      picked: info.enabled,
      info,
    }));
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'WeaverGen: Select Providers' });
    if (!picked) return;
    const chosen = new Set(picked.map((p) => p.info.id));
    const settings = readSettings();
    await writeSetting('providers', applySelection(readProvidersAsWritten(), providers, chosen));
    const demo = providers.find((p) => p.source === 'demo');
    if (demo && !chosen.has(demo.id) && settings.replayDemo !== 'never') await writeSetting('replayDemo', 'never');
    if (demo && chosen.has(demo.id) && settings.replayDemo === 'never') await writeSetting('replayDemo', 'auto');
  };
}

/** Pure: the new `weavergen.providers` value for a selection. */
export function applySelection(current: readonly ProviderSettings[], all: readonly ProviderInfo[], chosen: ReadonlySet<string>): ProviderSettings[] {
  const out = current.map((p) => ({ ...p, enabled: chosen.has(p.id) }));
  for (const info of all) {
    if (info.source !== 'detected' || !chosen.has(info.id) || out.some((p) => p.id === info.id)) continue;
    out.push({ id: info.id, kind: info.kind, model: info.model, baseURL: info.baseURL, enabled: true });
  }
  return out;
}
