/**
 * API keys live in VS Code's SecretStorage and reach the server only through the
 * `weavergen/secrets` notification (held in server memory). Keys are never logged.
 */
import type * as vscode from 'vscode';
import type { SecretsParams } from '../../server/src/protocol';

export type KeyVendor = keyof SecretsParams['keys'];
export const KEY_VENDORS: readonly KeyVendor[] = ['openai', 'anthropic'];

const storageKey = (vendor: KeyVendor): string => `weavergen.apiKey.${vendor}`;

export class Secrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async read(): Promise<SecretsParams> {
    const keys: SecretsParams['keys'] = {};
    for (const vendor of KEY_VENDORS) {
      const value = await this.storage.get(storageKey(vendor));
      if (value) keys[vendor] = value;
    }
    return { keys };
  }

  /** Stores a key; an empty value deletes it. */
  async store(vendor: KeyVendor, value: string): Promise<void> {
    const trimmed = value.trim();
    if (trimmed) await this.storage.store(storageKey(vendor), trimmed);
    else await this.storage.delete(storageKey(vendor));
  }

  /** Fires when any WeaverGen key changes (also from another window). */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.storage.onDidChange((e) => {
      if (e.key.startsWith('weavergen.apiKey.')) listener();
    });
  }
}
