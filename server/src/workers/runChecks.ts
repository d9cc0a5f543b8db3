/**
 * The type checks of one decision, candidate by candidate (orchestra/typecheck.ts), yielding
 * to the event loop between candidates so a cancel message (in the worker) or a user request
 * (in-process fallback) can get in. Used by the worker and by the in-process fallback.
 */
import { TypeCheckSession, type TypeCheckVerdict } from '../orchestra/typecheck';
import { makeRunnable, type Runnable } from '../orchestra/runnable';
import type { CheckJob, RunnableJob } from './protocol';

export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Verdicts per spliced text, or undefined when `stopped()` became true before the end. */
export async function runChecks(job: CheckJob, stopped: () => boolean = () => false): Promise<(TypeCheckVerdict | undefined)[] | undefined> {
  const session = new TypeCheckSession(job.fileName, job.original);
  try {
    const verdicts: (TypeCheckVerdict | undefined)[] = [];
    for (const text of job.spliced) {
      await yieldToLoop();
      if (stopped()) return undefined;
      verdicts.push(session.check(text));
    }
    return verdicts;
  } finally {
    session.dispose();
  }
}

/** Parses the ES lib and builds a checker once, so the first real check is not the slow one. */
export function warmUp(): number {
  const t0 = performance.now();
  const text = 'export function twice(n: number): number {\n  return n * 2;\n}\n';
  const session = new TypeCheckSession('warmup.ts', text);
  try {
    session.check(text.replace('n * 2', '[1, 2].map((x) => x * n).reduce((a, b) => a + b, 0)'));
  } finally {
    session.dispose();
  }
  return performance.now() - t0;
}

/** The candidates as runnable CommonJS, yielding between them; undefined when `stopped()` became true. */
export async function runRunnables(job: RunnableJob, stopped: () => boolean = () => false): Promise<Runnable[] | undefined> {
  const out: Runnable[] = [];
  for (const text of job.spliced) {
    await yieldToLoop();
    if (stopped()) return undefined;
    out.push(makeRunnable(text, job.fileName, job.entryPoint, job.intent));
  }
  return out;
}
