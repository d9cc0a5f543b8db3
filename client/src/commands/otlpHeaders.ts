/**
 * WeaverGen: Set OTLP Headers — the export's header tokens go to SecretStorage and reach the
 * server with the API keys (`weavergen/secrets`). Headers found in the user's settings.json are
 * moved there once, if the user agrees; workspace values are never used.
 */
import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { headersOf, parseHeaderInput } from '../otlpHeaders';

export function setOtlpHeaders(ctx: Ctx) {
  return async (): Promise<void> => {
    const current = Object.keys(await ctx.secrets.otlpHeaders());
    const text = await vscode.window.showInputBox({
      title: 'WeaverGen: OTLP export headers',
      prompt: `"Name: value" pairs separated by ";" (or a JSON object). Stored in VS Code's secret storage. Leave empty to remove${current.length ? ` (now set: ${current.join(', ')})` : ''}.`,
      placeHolder: 'Authorization: Bearer …',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => {
        const r = parseHeaderInput(v);
        return 'error' in r ? r.error : undefined;
      },
    });
    if (text === undefined) return;
    const parsed = parseHeaderInput(text);
    if ('error' in parsed) return;
    await ctx.secrets.storeOtlpHeaders(parsed.headers);
    await ctx.pushSecrets();
    const names = Object.keys(parsed.headers);
    void ctx.messages.show('info', names.length ? `WeaverGen: OTLP headers saved (${names.join(', ')}).` : 'WeaverGen: OTLP headers removed.');
  };
}

/** Offers, once per window, to move `weavergen.telemetry.otlpHeaders` from the user's settings.json to SecretStorage. */
export async function offerHeaderMigration(ctx: Ctx): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const user = cfg.inspect('telemetry.otlpHeaders')?.globalValue;
  if (!user || typeof user !== 'object' || Object.keys(user).length === 0) return;
  const parsed = headersOf(Object.entries(user));
  const choice = await vscode.window.showWarningMessage(
    'WeaverGen no longer reads OTLP header tokens from settings.json. Move them to secret storage (and remove them from your user settings)?',
    'Move to Secret Storage', 'Not Now');
  if (choice !== 'Move to Secret Storage') return;
  if ('error' in parsed) {
    void ctx.messages.show('error', `WeaverGen: the headers in settings.json were not moved: ${parsed.error} Run "WeaverGen: Set OTLP Headers".`);
    return;
  }
  await ctx.secrets.storeOtlpHeaders({ ...(await ctx.secrets.otlpHeaders()), ...parsed.headers });
  await cfg.update('telemetry.otlpHeaders', undefined, vscode.ConfigurationTarget.Global);
  await ctx.pushSecrets();
  void ctx.messages.show('info', 'WeaverGen: OTLP headers moved to secret storage.');
}
