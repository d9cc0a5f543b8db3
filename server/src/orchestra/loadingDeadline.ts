/**
 * A loading-aware provider deadline. An OpenAI-compatible server (Ollama, LM Studio,
 * llama.cpp, vLLM: usually local) may have to load the model into memory on its first
 * request, which can take longer than the provider deadline (20 s by default); aborting it
 * then means it never warms up. Until a provider has answered once, its deadline is at least
 * FIRST_REQUEST_DEADLINE_MS; afterwards the configured deadline applies. Per service
 * instance (no module state).
 */
import type { ModelProvider } from '../providers/types';

export const FIRST_REQUEST_DEADLINE_MS = 120_000;

export class LoadingDeadline {
  private readonly warm = new Set<string>();

  /** The deadline for `p` given the configured one. */
  deadlineFor(p: Pick<ModelProvider, 'id' | 'kind' | 'model'>, configuredMs: number): number {
    if (p.kind !== 'openai-compatible' || this.warm.has(key(p))) return configuredMs;
    return Math.max(configuredMs, FIRST_REQUEST_DEADLINE_MS);
  }

  /** `p` answered: the model is loaded. */
  answered(p: Pick<ModelProvider, 'id' | 'model'>): void {
    this.warm.add(key(p));
  }
}

function key(p: Pick<ModelProvider, 'id' | 'model'>): string {
  return `${p.id}\u0000${p.model}`;
}
