/**
 * The provider contract: one adapter per vendor, no LSP types. Providers never
 * log or return API keys.
 */
import type { ProviderKind } from '../protocol';
import type { ProviderSettings } from '../protocol/settings';

export interface ProviderConfig extends ProviderSettings {
  /** Per-request timeout in ms (default 60000). */
  timeoutMs?: number;
  /** Retries on 429/5xx/network errors (default 2). */
  maxRetries?: number;
  /** First retry backoff in ms (default 500; tests lower it). */
  retryBaseDelayMs?: number;
  /** Replay provider only: path of the JSON-lines recording. */
  replayFile?: string;
}

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  system: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  /** Called with each streamed text delta, in order. */
  onDelta?: (text: string) => void;
  /** Lookup hints for the replay provider (ignored by live providers). */
  hints?: { intent?: string; symbol?: string; file?: string };
}

export interface CompletionResult {
  text: string;
  model: string;
  finishReason?: string;
  usage: { inputTokens: number; outputTokens: number };
  latencyMs: number;
  firstTokenMs?: number;
  retries: number;
  recorded: boolean;
}

export interface ModelProvider {
  readonly id: string;
  readonly kind: ProviderKind;
  readonly model: string;
  /** True for recorded answers (replay). */
  readonly recorded: boolean;
  complete(req: CompletionRequest): Promise<CompletionResult>;
}
