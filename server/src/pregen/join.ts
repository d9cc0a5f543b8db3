/**
 * Join, don't restart (issue 13): a user request for a site whose background job is running
 * waits for that job's answers instead of aborting it and sending the same prompt again.
 * The job is exempt from pre-emption while joined (scheduler.join); when it completes, the
 * caller serves what it stored. Undefined: nothing to join, or the job ended without a
 * result (the caller then generates in the foreground). The caller's signal rejects at once.
 */
import type { GenerateResult } from '../protocol';
import type { BackgroundScheduler, JobOutcome } from '../scheduler';
import { cancelledError } from '../util/errors';

export async function joinRunningJob(
  scheduler: BackgroundScheduler, key: string, signal: AbortSignal, served: () => GenerateResult | undefined,
): Promise<GenerateResult | undefined> {
  const joined = scheduler.join(key);
  if (!joined) return undefined;
  const outcome = await untilAborted(joined, signal);
  return outcome.status === 'completed' ? served() : undefined;
}

function untilAborted(p: Promise<JobOutcome>, signal: AbortSignal): Promise<JobOutcome> {
  if (signal.aborted) return Promise.reject(cancelledError());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    void p.then((o) => {
      signal.removeEventListener('abort', onAbort);
      resolve(o);
    });
  });
}

/** Keys the user already had generated in the foreground: a refresh does not send their prompt again. Bounded. */
export class AnsweredKeys {
  private readonly keys = new Set<string>();
  constructor(private readonly max = 512) {}

  add(key: string): void {
    this.keys.delete(key);
    this.keys.add(key);
    if (this.keys.size > this.max) this.keys.delete(this.keys.values().next().value as string);
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }
}
