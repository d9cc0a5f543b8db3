/**
 * The `weavergen.*` settings as the server reads them (workspace/configuration or
 * initializationOptions). Defaults live in DEFAULT_SETTINGS and are mirrored, with
 * descriptions, in package.json `contributes.configuration`.
 */
import type { ProviderKind } from './index';

export interface ProviderSettings {
  id: string;
  kind: ProviderKind;
  model: string;
  baseURL?: string;
  maxTokens?: number;
  temperature?: number;
  enabled?: boolean;
}

export interface WeaverSettings {
  /** Configured model providers. Keys are never here: SecretStorage or the environment. */
  providers: ProviderSettings[];
  /** Probe well-known local OpenAI-compatible servers (Ollama, LM Studio, llama.cpp). */
  detectLocalServers: boolean;
  /** Base URLs probed by detection (each must serve GET {url}/models). */
  localServerURLs: string[];
  /** Use the bundled recorded demo: 'auto' = only when no other provider is available. */
  replayDemo: 'auto' | 'always' | 'never';
  /** Per-request timeout for one provider call, ms. */
  requestTimeoutMs: number;
  /** Retries on rate limits, 5xx and network errors. */
  maxRetries: number;
  /** Token budget for the context put in the prompt. */
  maxContextTokens: number;
}

export const DEFAULT_SETTINGS: WeaverSettings = {
  providers: [],
  detectLocalServers: true,
  localServerURLs: ['http://127.0.0.1:11434/v1', 'http://127.0.0.1:1234/v1', 'http://127.0.0.1:8080/v1'],
  replayDemo: 'auto',
  requestTimeoutMs: 60000,
  maxRetries: 2,
  maxContextTokens: 2000,
};

/** Merge a partial, possibly malformed settings object over the defaults. */
export function resolveSettings(raw: unknown): WeaverSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<WeaverSettings>;
  const out: WeaverSettings = { ...DEFAULT_SETTINGS };
  if (Array.isArray(r.providers)) out.providers = r.providers.filter(isProviderSettings);
  if (typeof r.detectLocalServers === 'boolean') out.detectLocalServers = r.detectLocalServers;
  if (Array.isArray(r.localServerURLs)) out.localServerURLs = r.localServerURLs.filter((u) => typeof u === 'string');
  if (r.replayDemo === 'auto' || r.replayDemo === 'always' || r.replayDemo === 'never') out.replayDemo = r.replayDemo;
  if (isPositive(r.requestTimeoutMs)) out.requestTimeoutMs = r.requestTimeoutMs;
  if (typeof r.maxRetries === 'number' && r.maxRetries >= 0) out.maxRetries = Math.floor(r.maxRetries);
  if (isPositive(r.maxContextTokens)) out.maxContextTokens = r.maxContextTokens;
  return out;
}

function isPositive(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
}

function isProviderSettings(p: unknown): p is ProviderSettings {
  if (!p || typeof p !== 'object') return false;
  const o = p as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.model === 'string' &&
    (o.kind === 'openai' || o.kind === 'anthropic' || o.kind === 'openai-compatible' || o.kind === 'replay');
}
