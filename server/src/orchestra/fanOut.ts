/**
 * Fan-out: one request goes to every provider at once, `samplesPerProvider` times each.
 * A provider that misses its deadline is aborted and left out; at the overall deadline
 * the result is built from whatever arrived. Once `quorum` accepted answers share the same
 * agreement key (normalised code), or every request settled, the rest is aborted (the HTTP
 * requests really go away). The caller's abort cancels everything.
 */
import type { ProviderUse } from '../protocol';
import type { CompletionRequest, CompletionResult, ModelProvider } from '../providers/types';
import { ProviderError, providerError, toProviderError } from '../providers/errors';
import { childSignal } from '../util/cancellation';
import { cancelledError, WeaverError } from '../util/errors';
import { allFailed, baseUse, okUse } from './uses';

export interface FanOutOptions<T> {
  samplesPerProvider: number;
  providerDeadlineMs: number;
  overallDeadlineMs: number;
  /**
   * A provider's own deadline when it differs (a local server's first request, which may have
   * to load the model: loadingDeadline.ts). The overall deadline stretches to the longest one.
   */
  providerDeadlineFor?: (p: ModelProvider) => number;
  /** Called with each provider that answered (whether or not the answer was usable). */
  onAnswer?: (p: ModelProvider) => void;
  quorum: number;
  /** The answer as a value plus its agreement key, or null when it holds no usable code. */
  accept: (text: string, provider: ModelProvider) => { value: T; key: string } | null;
  signal: AbortSignal;
  now?: () => number;
}

export interface FanOutSample<T> {
  provider: ModelProvider;
  sample: number;
  result: CompletionResult;
  value: T;
  key: string;
}

export interface MissingProvider { providerId: string; reason: string }

export interface FanOutResult<T> {
  /** Accepted answers in arrival order. */
  samples: FanOutSample<T>[];
  /** One record per provider, in provider order. */
  uses: ProviderUse[];
  /** Providers without any accepted answer, and why. */
  missing: MissingProvider[];
  stoppedBy: 'all-settled' | 'quorum' | 'deadline';
}

type AbortCause = 'quorum' | 'provider-deadline' | 'overall-deadline';
interface Job {
  provider: ModelProvider;
  index: number;
  sample: number;
  state: 'pending' | 'ok' | 'rejected' | 'error' | 'aborted';
  cause?: AbortCause;
  use?: ProviderUse;
  link: ReturnType<typeof childSignal>;
}

export function fanOut<T>(
  providers: readonly ModelProvider[], request: Omit<CompletionRequest, 'signal'>, opts: FanOutOptions<T>,
): Promise<FanOutResult<T>> {
  const { signal } = opts;
  const now = opts.now ?? Date.now;
  if (signal.aborted) return Promise.reject(cancelledError());
  if (providers.length === 0) return Promise.reject(new WeaverError('no_provider', 'No model provider to ask.'));
  const t0 = now();
  const n = Math.max(1, Math.floor(opts.samplesPerProvider));
  const jobs: Job[] = providers.flatMap((provider, index) => Array.from({ length: n }, (_, sample): Job => (
    { provider, index, sample, state: 'pending', link: childSignal(signal) })));
  const samples: FanOutSample<T>[] = [];
  const votes = new Map<string, number>();
  const timers: NodeJS.Timeout[] = [];

  return new Promise<FanOutResult<T>>((resolve, reject) => {
    let settled = false;
    const abortPending = (cause: AbortCause, which: (j: Job) => boolean = () => true) => {
      for (const j of jobs) {
        if (j.state !== 'pending' || !which(j)) continue;
        j.state = 'aborted';
        j.cause = cause;
        j.link.controller.abort();
      }
    };
    const finish = (stoppedBy: FanOutResult<T>['stoppedBy']) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      signal.removeEventListener('abort', onCallerAbort);
      for (const j of jobs) j.link.dispose();
      const uses = providers.map((p, i) => useFor(p, jobs.filter((j) => j.index === i), now() - t0, opts));
      if (samples.length === 0) return reject(allFailed(uses));
      const missing = providers.flatMap((p, i) => {
        const mine = jobs.filter((j) => j.index === i);
        return mine.some((j) => j.state === 'ok') ? [] : [{ providerId: p.id, reason: missingReason(p, mine, opts) }];
      });
      resolve({ samples, uses, missing, stoppedBy });
    };
    const check = () => {
      if (settled) return;
      if ([...votes.values()].some((v) => v >= opts.quorum) && jobs.some((j) => j.state === 'pending')) {
        abortPending('quorum');
        return finish('quorum');
      }
      if (jobs.every((j) => j.state !== 'pending')) {
        finish(jobs.some((j) => j.cause === 'overall-deadline') ? 'deadline' : 'all-settled');
      }
    };
    const onCallerAbort = () => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      for (const j of jobs) j.link.dispose();
      reject(cancelledError());
    };
    signal.addEventListener('abort', onCallerAbort, { once: true });

    const deadlines = providers.map((p) => deadlineOf(p, opts));
    const longest = Math.max(...deadlines);
    timers.push(setTimeout(() => {
      abortPending('overall-deadline');
      check();
    }, longest > opts.providerDeadlineMs ? Math.max(opts.overallDeadlineMs, longest) : opts.overallDeadlineMs));
    providers.forEach((_p, i) => timers.push(setTimeout(() => {
      abortPending('provider-deadline', (j) => j.index === i);
      check();
    }, deadlines[i])));

    for (const job of jobs) {
      const p = job.provider;
      const temperature = sampleTemperature(job.sample, request.temperature);
      p.complete({ ...request, ...(temperature !== undefined ? { temperature } : {}), signal: job.link.controller.signal }).then((result) => {
        opts.onAnswer?.(p);
        if (job.state !== 'pending') return;
        const accepted = acceptSafely(opts.accept, result.text, p);
        if (!accepted || accepted instanceof ProviderError) {
          job.state = 'rejected';
          const err = accepted ?? providerError('bad_response', p.id, { detail: 'the answer contained no usable code' });
          job.use = { ...baseUse(p, 'error', result.latencyMs), error: { code: err.code, message: err.message }, retries: result.retries };
        } else {
          job.state = 'ok';
          job.use = okUse(p, result);
          samples.push({ provider: p, sample: job.sample, result, value: accepted.value, key: accepted.key });
          votes.set(accepted.key, (votes.get(accepted.key) ?? 0) + 1);
        }
        check();
      }, (e: unknown) => {
        if (job.state !== 'pending') return;
        const err = toProviderError(e, p.id);
        job.state = 'error';
        job.use = { ...baseUse(p, err.code === 'cancelled' ? 'cancelled' : 'error', now() - t0), error: { code: err.code, message: err.message } };
        check();
      });
    }
  });
}

/**
 * The caller's accept step on a hostile answer: whatever it throws (a parser's stack overflow,
 * an answer over the size or nesting bounds) is that provider's `bad_response`, never an
 * exception escaping this `.then` callback.
 */
function acceptSafely<T>(
  accept: FanOutOptions<T>['accept'], text: string, p: ModelProvider,
): { value: T; key: string } | null | ProviderError {
  try {
    return accept(text, p);
  } catch (e) {
    const detail = `the answer could not be processed: ${e instanceof Error ? e.message : String(e)}`;
    return providerError('bad_response', p.id, { detail, cause: e });
  }
}

function deadlineOf<T>(p: ModelProvider, opts: FanOutOptions<T>): number {
  const own = opts.providerDeadlineFor?.(p);
  return own !== undefined && Number.isFinite(own) && own > 0 ? own : opts.providerDeadlineMs;
}

function useFor<T>(p: ModelProvider, mine: Job[], elapsed: number, opts: FanOutOptions<T>): ProviderUse {
  const ok = mine.find((j) => j.state === 'ok');
  if (ok?.use) return ok.use;
  const failed = mine.find((j) => (j.state === 'error' || j.state === 'rejected') && j.use?.status === 'error');
  if (failed?.use) return failed.use;
  const late = mine.find((j) => j.cause === 'provider-deadline' || j.cause === 'overall-deadline');
  if (late) {
    const ms = late.cause === 'provider-deadline' ? deadlineOf(p, opts) : opts.overallDeadlineMs;
    const which = late.cause === 'provider-deadline' ? 'provider' : 'overall';
    return { ...baseUse(p, 'error', elapsed), error: { code: 'timeout', message: `${p.id}: no answer within the ${which} deadline of ${ms} ms` } };
  }
  return baseUse(p, 'cancelled', elapsed);
}

function missingReason<T>(p: ModelProvider, mine: Job[], opts: FanOutOptions<T>): string {
  const use = useFor(p, mine, 0, opts);
  if (use.error) return use.error.message;
  if (mine.some((j) => j.cause === 'quorum')) return `not needed: ${opts.quorum} candidates already agreed before it answered`;
  return 'cancelled';
}

/**
 * Repeated samples of one provider are only worth asking for if they can differ: the first
 * keeps the request's (or the provider's configured) temperature, later ones are sampled
 * warmer (0.6, 0.8, 1.0, 1.0, …), never colder than the request asked for.
 */
export function sampleTemperature(sample: number, requested: number | undefined): number | undefined {
  if (sample <= 0) return requested;
  const warmer = Math.min(1, 0.6 + 0.2 * (sample - 1));
  return requested === undefined ? warmer : Math.max(requested, warmer);
}
