/**
 * The replay provider: answers from a recorded JSON-lines file instead of a live
 * model. Used for the bundled demo and for deterministic runs. Every result says
 * recorded: true so the UI can label it.
 */
import { readFile } from 'node:fs/promises';
import type { CompletionRequest, CompletionResult, ModelProvider, ProviderConfig } from './types';
import { providerError } from './errors';
import { abortableDelay } from './retry';

export interface Recording {
  match: { symbol?: string; intent?: string };
  model: string;
  text: string;
  usage: { inputTokens: number; outputTokens: number };
  latencyMs?: number;
}

/** Parses a JSON-lines recording; blank lines and `//` comment lines are skipped. */
export function parseRecordings(content: string, source = 'recording'): Recording[] {
  const out: Recording[] = [];
  content.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('//')) return;
    let r: Partial<Recording>;
    try {
      r = JSON.parse(t) as Partial<Recording>;
    } catch {
      throw new Error(`${source}:${i + 1}: not valid JSON`);
    }
    if (!r || typeof r.text !== 'string' || !r.match || typeof r.match !== 'object') {
      throw new Error(`${source}:${i + 1}: a record needs "match" and "text"`);
    }
    out.push({
      match: r.match,
      model: typeof r.model === 'string' ? r.model : 'recorded',
      text: r.text,
      usage: { inputTokens: r.usage?.inputTokens ?? 0, outputTokens: r.usage?.outputTokens ?? 0 },
      latencyMs: typeof r.latencyMs === 'number' && r.latencyMs >= 0 ? r.latencyMs : undefined,
    });
  });
  return out;
}

const words = (s: string): Set<string> => new Set(s.toLowerCase().match(/[a-z0-9]+/g) ?? []);

/** Exact symbol match first, else the best intent word overlap, else undefined. */
export function findRecording(records: readonly Recording[], hints: CompletionRequest['hints']): Recording | undefined {
  if (hints?.symbol) {
    const bySymbol = records.find((r) => r.match.symbol === hints.symbol);
    if (bySymbol) return bySymbol;
  }
  if (!hints?.intent) return undefined;
  const want = words(hints.intent);
  let best: Recording | undefined;
  let bestScore = 0;
  for (const r of records) {
    if (!r.match.intent) continue;
    const have = words(r.match.intent);
    let common = 0;
    for (const w of want) if (have.has(w)) common++;
    // Jaccard overlap, so a long recorded intent does not win by size alone.
    const score = common / (want.size + have.size - common || 1);
    if (score > bestScore) {
      bestScore = score;
      best = r;
    }
  }
  return best;
}

/** Splits text into small pieces (about `size` chars, cut after whitespace when possible). */
export function chunkText(text: string, size = 16): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    let at = size;
    for (let i = size; i < Math.min(rest.length, size * 2); i++) {
      if (/\s/.test(rest[i])) {
        at = i + 1;
        break;
      }
    }
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest) out.push(rest);
  return out;
}

export class ReplayProvider implements ModelProvider {
  readonly id: string;
  readonly kind = 'replay' as const;
  readonly model: string;
  readonly recorded = true;
  private records?: Promise<Recording[]>;

  constructor(private readonly config: Readonly<ProviderConfig>) {
    this.id = config.id;
    this.model = config.model || 'recorded-demo';
  }

  async complete(req: CompletionRequest): Promise<CompletionResult> {
    const started = performance.now();
    if (req.signal?.aborted) throw providerError('cancelled', this.id);
    const record = findRecording(await this.load(), req.hints);
    if (!record) {
      const what = req.hints?.symbol ?? req.hints?.intent ?? 'this request';
      throw providerError('bad_response', this.id, { label: this.label(), detail: `no recording matches "${what}"` });
    }
    const chunks = chunkText(record.text);
    const perChunk = (record.latencyMs ?? 0) / Math.max(1, chunks.length);
    let firstTokenMs: number | undefined;
    for (const chunk of chunks) {
      if (perChunk > 0) await abortableDelay(perChunk, req.signal, this.id);
      else if (req.signal?.aborted) throw providerError('cancelled', this.id);
      firstTokenMs ??= Math.round(performance.now() - started);
      req.onDelta?.(chunk);
    }
    return {
      text: record.text,
      model: this.model,
      finishReason: 'stop',
      usage: { ...record.usage },
      latencyMs: Math.round(performance.now() - started),
      firstTokenMs,
      retries: 0,
      recorded: true,
    };
  }

  private label(): string {
    return `Recorded demo (${this.model})`;
  }

  /** Reads the recording once, on first use (never at construction). */
  private load(): Promise<Recording[]> {
    const file = this.config.replayFile;
    if (!file) return Promise.reject(providerError('bad_response', this.id, { label: this.label(), detail: 'no recording file configured' }));
    this.records ??= readFile(file, 'utf8').then((c) => parseRecordings(c, file)).catch((e: unknown) => {
      this.records = undefined;
      throw providerError('bad_response', this.id, {
        label: this.label(), detail: `cannot read the recording: ${e instanceof Error ? e.message : String(e)}`,
      });
    });
    return this.records;
  }
}
