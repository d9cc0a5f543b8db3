/**
 * API keys and OTLP export headers live in VS Code's SecretStorage and reach the server only
 * through the `weavergen/secrets` notification (held in server memory). Never logged.
 */
import type * as vscode from 'vscode';
import type { SecretsParams } from '../../server/src/protocol';
import { headersOf } from './otlpHeaders';

export type KeyVendor = keyof SecretsParams['keys'];
export const KEY_VENDORS: readonly KeyVendor[] = ['openai', 'anthropic'];

const storageKey = (vendor: KeyVendor): string => `weavergen.apiKey.${vendor}`;
const OTLP_HEADERS_KEY = 'weavergen.otlpHeaders';

export class Secrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async read(): Promise<SecretsParams> {
    const keys: SecretsParams['keys'] = {};
    for (const vendor of KEY_VENDORS) {
      const value = await this.storage.get(storageKey(vendor));
      if (value) keys[vendor] = value;
    }
    return { keys, otlpHeaders: await this.otlpHeaders() };
  }

  /** The stored OTLP headers ({} when none or unreadable). */
  async otlpHeaders(): Promise<Record<string, string>> {
    const text = await this.storage.get(OTLP_HEADERS_KEY);
    if (!text) return {};
    try {
      const parsed = headersOf(Object.entries(JSON.parse(text) as object));
      return 'headers' in parsed ? parsed.headers : {};
    } catch {
      return {};
    }
  }

  /** Stores the OTLP headers; none deletes them. */
  async storeOtlpHeaders(headers: Record<string, string>): Promise<void> {
    if (Object.keys(headers).length) await this.storage.store(OTLP_HEADERS_KEY, JSON.stringify(headers));
    else await this.storage.delete(OTLP_HEADERS_KEY);
  }

  /** Stores a key; an empty value deletes it. */
  async store(vendor: KeyVendor, value: string): Promise<void> {
    const trimmed = value.trim();
    if (trimmed) await this.storage.store(storageKey(vendor), trimmed);
    else await this.storage.delete(storageKey(vendor));
  }

  /** Fires when any WeaverGen key or the OTLP headers change (also from another window). */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.storage.onDidChange((e) => {
      if (e.key.startsWith('weavergen.apiKey.') || e.key === OTLP_HEADERS_KEY) listener();
    });
  }
}
