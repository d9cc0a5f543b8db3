/**
 * Where a settings change made by a WeaverGen command goes: the user settings by default
 * (workspace settings are often committed), the workspace only when the workspace already
 * sets that key (a user value would be shadowed and the change would not take effect).
 * Pure (no `vscode`), so the rule is unit-tested without an editor.
 */
export interface Inspected {
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export type SettingsScope = 'user' | 'workspace';

export function settingsScopeFor(inspected: Inspected | undefined): SettingsScope {
  return inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined ? 'workspace' : 'user';
}
