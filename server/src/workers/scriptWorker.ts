/**
 * What the server's worker threads (type checks: typecheckPool.ts; background generation:
 * background/pipeline.ts) share: starting one from its bundle, or from source through tsx,
 * unref'd; and the queue of warm-up requests it answers in order.
 */
import { Worker } from 'node:worker_threads';

export interface ScriptWorkerHooks<M> {
  /** Names the worker in `onGone` messages, e.g. 'type-check worker'. */
  name: string;
  workerData?: unknown;
  onMessage(m: M): void;
  /** The worker failed or exited (both may fire for one worker), with a message saying which. */
  onGone(w: Worker, message: string): void;
}

/** A worker running `file` (bundled .js, or .ts through tsx), unref'd: it never keeps the process alive by itself. */
export function startScriptWorker<M>(target: { file: string; tsx: boolean }, hooks: ScriptWorkerHooks<M>): Worker {
  const { file, tsx } = target;
  const { workerData } = hooks;
  const w = tsx
    ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(file)});`, { eval: true, workerData })
    : new Worker(file, { workerData });
  w.unref();
  w.on('message', (m: M) => hooks.onMessage(m));
  w.on('error', (e) => hooks.onGone(w, `${hooks.name} failed: ${e instanceof Error ? e.message : String(e)}`));
  w.on('exit', (code) => hooks.onGone(w, `${hooks.name} exited with code ${code}`));
  return w;
}

/** Warm-up requests waiting for the worker's `warmed` answers (ms spent there; undefined when it is gone). */
export class WarmUps {
  private waiters: ((ms: number | undefined) => void)[] = [];

  /** Sends a warm-up with `post` and resolves with the worker's answer; at once with undefined without a worker. */
  request(worker: Worker | undefined, post: () => void): Promise<number | undefined> {
    if (!worker) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      post();
    });
  }

  answered(ms: number): void {
    this.waiters.shift()?.(ms);
  }

  /** The worker is gone: every waiter gets undefined. */
  flush(): void {
    for (const w of this.waiters.splice(0)) w(undefined);
  }
}
