/**
 * What a validated result looks like on the team server, and nothing more: the code, the
 * site's kind/range/intent (code the teammate already has), the quality evidence, the
 * providers by id/kind/model and their outcome, and the consensus clusters. Never the
 * document URI or path, the trace or result ids, timings, error messages, the prompt or any
 * key. `parseShared` validates what comes back (a teammate's payload is hostile input).
 */
import type { GenerateResult, ProviderUse } from '../protocol';

export const SHARED_FORMAT = 'weavergen-team-result/1';
/** Largest payload stored or accepted (bytes of JSON). */
export const MAX_SHARED_BYTES = 256 * 1024;

export interface SharedResult {
  format: typeof SHARED_FORMAT;
  result: GenerateResult;
  /** Tokens the producer spent (what a hit saves). */
  tokens: number;
}

function provider(p: ProviderUse): ProviderUse {
  const out: ProviderUse = { id: p.id, kind: p.kind, model: p.model, recorded: p.recorded, status: p.status, latencyMs: 0 };
  if (p.inputTokens !== undefined) out.inputTokens = p.inputTokens;
  if (p.outputTokens !== undefined) out.outputTokens = p.outputTokens;
  return out;
}

/** The shareable form of a result (the edit is rebuilt by whoever serves it). */
export function toShared(r: GenerateResult, tokens: number): SharedResult {
  const site = { kind: r.site.kind, range: r.site.range, intent: r.site.intent, originalText: r.site.originalText, ...(r.site.symbol ? { symbol: r.site.symbol } : {}) };
  const result: GenerateResult = {
    code: r.code,
    edit: { textDocument: { uri: '', version: 0 }, edits: [] },
    site,
    provider: provider(r.provider),
    providers: r.providers.map(provider),
    recorded: r.recorded,
    timings: { totalMs: 0, contextMs: 0, generationMs: 0 },
  };
  if (r.quality) result.quality = r.quality;
  if (r.consensus) result.consensus = r.consensus;
  if (r.execution) result.execution = { ran: r.execution.ran, layers: r.execution.layers, probes: r.execution.probes };
  if (r.missing) result.missing = r.missing.map((m) => ({ providerId: m.providerId, reason: 'missing' }));
  return { format: SHARED_FORMAT, result, tokens: Math.max(0, Math.floor(tokens)) };
}

const isRange = (r: unknown): boolean => {
  const o = r as { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } | null;
  return !!o && [o.start?.line, o.start?.character, o.end?.line, o.end?.character].every((n) => Number.isInteger(n) && (n as number) >= 0);
};

/** The shared result in `text`, or undefined when it is not one (too big, malformed). */
export function parseShared(text: unknown): SharedResult | undefined {
  if (typeof text !== 'string' || text.length > MAX_SHARED_BYTES) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  const s = v as Partial<SharedResult> | null;
  const r = s?.result as Partial<GenerateResult> | undefined;
  if (!s || s.format !== SHARED_FORMAT || !r || typeof r.code !== 'string' || typeof s.tokens !== 'number') return undefined;
  if (!r.site || typeof r.site.kind !== 'string' || typeof r.site.intent !== 'string' || !isRange(r.site.range)) return undefined;
  if (!r.provider || typeof r.provider.id !== 'string' || !Array.isArray(r.providers)) return undefined;
  if (r.quality !== undefined && (typeof r.quality?.score !== 'number' || !Number.isFinite(r.quality.score))) return undefined;
  return { format: SHARED_FORMAT, result: { ...(r as GenerateResult), fromCache: true }, tokens: Math.max(0, s.tokens) };
}
