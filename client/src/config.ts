/**
 * Typed reading and writing of the `weavergen.*` settings. The shape and the defaults are
 * the server's (server/src/protocol/settings.ts); the client only reads them from VS Code.
 */
import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../../server/src/protocol';
import { resolveSettings, type ProviderSettings, type WeaverSettings } from '../../server/src/protocol/settings';

export type { ProviderSettings, WeaverSettings };

/** The effective settings for the current workspace, defaults filled in. */
export function readSettings(): WeaverSettings {
  const cfg = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(resolveSettings({}))) raw[key] = cfg.get(key);
  return resolveSettings(raw);
}

/** Where a settings change should go: the workspace when one is open, else the user settings. */
export function settingsTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
}

export async function writeSetting<K extends keyof WeaverSettings>(key: K, value: WeaverSettings[K]): Promise<void> {
  await vscode.workspace.getConfiguration(CONFIG_SECTION).update(key, value, settingsTarget());
}

/** Opens the Settings UI filtered to WeaverGen (or to one setting). */
export async function openSettings(setting?: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', setting ? `${CONFIG_SECTION}.${setting}` : CONFIG_SECTION);
}
