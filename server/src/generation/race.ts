/**
 * Asks every provider in parallel; the first acceptable answer in arrival order wins,
 * the others are aborted and recorded as 'cancelled'. Records a ProviderUse for each.
 */
import type { ProviderUse, WeaverErrorData } from '../protocol';
import type { CompletionRequest, CompletionResult, ModelProvider } from '../providers/types';
import { providerError, toProviderError } from '../providers/errors';
import { childSignal } from '../util/cancellation';
import { cancelledError, WeaverError } from '../util/errors';

export interface RaceWin<T> { provider: ModelProvider; result: CompletionResult; value: T; use: ProviderUse }
export interface RaceOutcome<T> { winner: RaceWin<T>; uses: ProviderUse[] }

/**
 * @param accept turns an answer into the value we want, or returns null when the answer
 *   is unusable (recorded as a 'bad_response' failure of that provider).
 */
export function raceProviders<T>(
  providers: readonly ModelProvider[],
  request: Omit<CompletionRequest, 'signal'>,
  accept: (text: string) => T | null,
  signal: AbortSignal,
  now: () => number = Date.now,
): Promise<RaceOutcome<T>> {
  if (signal.aborted) return Promise.reject(cancelledError());
  if (providers.length === 0) return Promise.reject(new WeaverError('no_provider', 'No model provider to ask.'));
  const t0 = now();
  const uses: (ProviderUse | undefined)[] = providers.map(() => undefined);
  const links = providers.map(() => childSignal(signal));
  let winner: RaceWin<T> | undefined;
  let pending = providers.length;

  return new Promise<RaceOutcome<T>>((resolve, reject) => {
    const finish = () => {
      for (const l of links) l.dispose();
      const all = uses.map((u, i) => u ?? base(providers[i], 'cancelled', now() - t0));
      if (winner) resolve({ winner, uses: all });
      else if (signal.aborted) reject(cancelledError());
      else reject(allFailed(all));
    };
    const settle = (i: number, use: ProviderUse) => {
      uses[i] ??= use;
      if (--pending === 0 && !winner) finish();
    };
    providers.forEach((p, i) => {
      p.complete({ ...request, signal: links[i].controller.signal }).then((result) => {
        const value = winner ? null : accept(result.text);
        if (value === null) {
          if (winner || signal.aborted) return settle(i, base(p, 'cancelled', now() - t0));
          const err = providerError('bad_response', p.id, { detail: 'the answer contained no code' });
          return settle(i, { ...base(p, 'error', result.latencyMs), error: { code: err.code, message: err.message }, retries: result.retries });
        }
        const use = okUse(p, result);
        winner = { provider: p, result, value, use };
        uses[i] = use;
        links.forEach((l, j) => {
          if (j !== i && !uses[j]) {
            uses[j] = base(providers[j], 'cancelled', now() - t0);
            l.controller.abort();
          }
        });
        finish();
      }, (e: unknown) => {
        const err = toProviderError(e, p.id);
        if (winner) return settle(i, base(p, 'cancelled', now() - t0));
        const cancelled = err.code === 'cancelled' && signal.aborted;
        settle(i, cancelled ? base(p, 'cancelled', now() - t0)
          : { ...base(p, 'error', now() - t0), error: { code: err.code, message: err.message } });
      });
    });
  });
}

function base(p: ModelProvider, status: ProviderUse['status'], latencyMs: number): ProviderUse {
  return { id: p.id, kind: p.kind, model: p.model, recorded: p.recorded, status, latencyMs };
}

function okUse(p: ModelProvider, r: CompletionResult): ProviderUse {
  const use: ProviderUse = {
    ...base(p, 'ok', r.latencyMs), recorded: r.recorded, model: r.model || p.model,
    inputTokens: r.usage.inputTokens, outputTokens: r.usage.outputTokens, retries: r.retries,
  };
  if (r.firstTokenMs !== undefined) use.firstTokenMs = r.firstTokenMs;
  return use;
}

function allFailed(uses: ProviderUse[]): WeaverError {
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
