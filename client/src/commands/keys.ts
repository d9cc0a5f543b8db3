/** WeaverGen: Set API Key — SecretStorage only; the server gets it via `weavergen/secrets`. */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { KeyVendor } from '../secrets';

const VENDORS: { label: string; vendor: KeyVendor; placeholder: string }[] = [
  { label: 'OpenAI', vendor: 'openai', placeholder: 'sk-…' },
  { label: 'Anthropic', vendor: 'anthropic', placeholder: 'sk-ant-…' },
];

export function setApiKey(ctx: Ctx) {
  return async (): Promise<void> => {
    const pick = await vscode.window.showQuickPick(VENDORS, { title: 'WeaverGen: Set API Key', placeHolder: 'Which provider?' });
    if (!pick) return;
    const value = await vscode.window.showInputBox({
      title: `${pick.label} API key`,
      prompt: `Stored in VS Code's secret storage. Leave empty to remove the ${pick.label} key.`,
      placeHolder: pick.placeholder,
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) return;
    await ctx.secrets.store(pick.vendor, value);
    // SecretStorage.onDidChange also triggers a push; pushing here makes it immediate.
    await ctx.pushSecrets();
    void ctx.messages.show('info', value.trim() ? `WeaverGen: ${pick.label} key saved.` : `WeaverGen: ${pick.label} key removed.`);
  };
}
