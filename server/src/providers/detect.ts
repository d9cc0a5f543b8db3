/**
 * Finds local OpenAI-compatible servers (Ollama, LM Studio, llama.cpp, vLLM...) by asking
 * each candidate for GET {url}/models with a short timeout. Unreachable or
 * non-conforming candidates are skipped silently.
 */

export type LocalProduct = 'ollama' | 'lmstudio' | 'llama.cpp' | 'vllm' | 'openai-compatible';

export interface DetectedServer {
  baseURL: string;
  models: string[];
  product: LocalProduct;
}

export interface DetectOptions {
  /** Per-probe timeout, ms (default 300). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const PORT_PRODUCTS: Record<string, LocalProduct> = { '11434': 'ollama', '1234': 'lmstudio', '8080': 'llama.cpp', '8000': 'vllm' };

/** Guesses the product from the well-known default ports. */
export function guessProduct(baseURL: string): LocalProduct {
  try {
    return PORT_PRODUCTS[new URL(baseURL).port] ?? 'openai-compatible';
  } catch {
    return 'openai-compatible';
  }
}

/**
 * Model ids from an OpenAI `GET /models` body, or undefined when it is not one. Entries whose
 * metadata says they are embedding models (LM Studio's `type: "embeddings"`, a `task` or
 * `capabilities` naming embeddings) are left out.
 */
export function parseModelList(body: unknown): string[] | undefined {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  return data
    .filter((m) => !(m && typeof m === 'object' && saysEmbedding(m as Record<string, unknown>)))
    .map((m) => (m && typeof m === 'object' ? (m as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === 'string' && id.length > 0);
}

function saysEmbedding(m: Record<string, unknown>): boolean {
  const meta = [m.type, m.task, m.model_type, ...(Array.isArray(m.capabilities) ? m.capabilities : [])];
  return meta.some((v) => typeof v === 'string' && /embed/i.test(v));
}

export async function detectLocalServers(urls: string[], opts: DetectOptions = {}): Promise<DetectedServer[]> {
  const found = await Promise.all(urls.map((u) => probe(u, opts)));
  return found.filter((s): s is DetectedServer => s !== undefined);
}

async function probe(url: string, opts: DetectOptions): Promise<DetectedServer | undefined> {
  const baseURL = url.replace(/\/+$/, '');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 300);
  const onAbort = () => controller.abort();
  if (opts.signal?.aborted) controller.abort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await fetch(`${baseURL}/models`, { signal: controller.signal, headers: { accept: 'application/json' } });
    if (!res.ok) {
      await res.body?.cancel();
      return undefined;
    }
    const models = parseModelList(await res.json());
    return models ? { baseURL, models, product: guessProduct(baseURL) } : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
