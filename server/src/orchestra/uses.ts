/** ProviderUse records and the all-failed error: what each provider did for one request. */
import type { ProviderUse, WeaverErrorData } from '../protocol';
import type { CompletionResult, ModelProvider } from '../providers/types';
import { WeaverError } from '../util/errors';

export function baseUse(p: ModelProvider, status: ProviderUse['status'], latencyMs: number): ProviderUse {
  return { id: p.id, kind: p.kind, model: p.model, recorded: p.recorded, status, latencyMs };
}

export function okUse(p: ModelProvider, r: CompletionResult): ProviderUse {
  const use: ProviderUse = {
    ...baseUse(p, 'ok', r.latencyMs), recorded: r.recorded, model: r.model || p.model,
    inputTokens: r.usage.inputTokens, outputTokens: r.usage.outputTokens, retries: r.retries,
  };
  if (r.firstTokenMs !== undefined) use.firstTokenMs = r.firstTokenMs;
  return use;
}

export function allFailed(uses: ProviderUse[]): WeaverError {
  const failures: NonNullable<WeaverErrorData['failures']> = uses.map((u) => ({
    providerId: u.id, code: u.error?.code ?? 'cancelled', message: u.error?.message ?? `${u.id}: cancelled`,
  }));
  const named = failures.map((f) => (f.message.includes(f.providerId) ? f.message : `${f.providerId}: ${f.message}`));
  const message = failures.length === 1
    ? `Generation failed — ${named[0]}`
    : `All ${failures.length} providers failed — ${named.join('; ')}`;
  const extra: Omit<WeaverErrorData, 'code'> = { failures };
  if (failures.length === 1) extra.providerId = failures[0].providerId;
  return new WeaverError('all_failed', message, extra);
}
