/**
 * Runs the candidates' type checks (orchestra/typecheck.ts) off the language server's main
 * thread, in one worker thread that keeps the TypeScript lib parsed between jobs: a check
 * takes 20-100 ms per candidate (about 1 s the first time) and would otherwise block every
 * request queued behind a background pre-generation. Results are the same as in-process.
 *
 * The worker is the bundle `typecheckWorker.js` next to this module's bundle (dist/), or,
 * when running from source under tsx, `typecheckWorker.ts` loaded through tsx. Without
 * either (or with WEAVERGEN_TYPECHECK_WORKER=0) checks run in-process, yielding between
 * candidates, and `reason` says why. A crashed worker's jobs are re-run in-process.
 * Cancellation: an aborted job is dropped at once (cancelledError) and the worker stops it
 * at its next candidate; the worker is kept (terminating it would lose the parsed lib).
 */
import type { Worker } from 'node:worker_threads';
import { startScriptWorker, WarmUps } from './scriptWorker';
import type { Runnable } from '../orchestra/runnable';
import type { TypeCheckVerdict } from '../orchestra/typecheck';
import { cancelledError } from '../util/errors';
import type { CheckJob, FromWorker, RunnableJob, ToWorker } from './protocol';
import { runChecks, runRunnables, yieldToLoop } from './runChecks';
import { runTask, type TaskInput, type TaskName, type TaskOutput } from './tasks';
import { markStage } from '../util/mainThreadStage';
import { resolveBundledScript, type ResolvedScript } from '../util/bundledScript';

export type Verdicts = (TypeCheckVerdict | undefined)[];

export interface TypeCheckPoolOptions {
  /** Worker script (.js, or .ts run through tsx); default: resolved next to this module. */
  workerFile?: string;
  /** Run in-process; the string is the reason reported. */
  inProcess?: string;
  /** Worker crashes tolerated before staying in-process (default 3). */
  maxCrashes?: number;
  log?: (message: string) => void;
}

type Resolved = ResolvedScript;

/** Where the worker script is: the bundle next to dist/server.js, or the source under tsx. */
export function resolveWorkerFile(dir: string = __dirname): Resolved {
  return resolveBundledScript(dir, 'typecheckWorker', 'worker');
}

interface Pending {
  /** The same work in-process (the worker crashed, or there is none). */
  inProcess(): Promise<unknown>;
  signal: AbortSignal;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  cleanup(): void;
}

export class TypeCheckPool {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly warmUps = new WarmUps();
  private nextId = 1;
  private crashes = 0;
  private fixedReason: string | undefined;
  private target: Resolved;
  private disposed = false;

  constructor(private readonly options: TypeCheckPoolOptions = {}) {
    this.fixedReason = options.inProcess;
    this.target = options.workerFile
      ? { file: options.workerFile, tsx: /\.ts$/.test(options.workerFile) }
      : resolveWorkerFile();
  }

  /** 'worker' when checks run off the main thread. */
  get mode(): 'worker' | 'in-process' {
    return this.reason === undefined ? 'worker' : 'in-process';
  }

  /** Why checks run in-process, if they do. */
  get reason(): string | undefined {
    return this.fixedReason ?? ('reason' in this.target ? this.target.reason : undefined);
  }

  /** Verdicts for each spliced text; rejects with cancelledError when `signal` aborts. */
  check(job: CheckJob, signal: AbortSignal): Promise<Verdicts> {
    return this.request({ type: 'check', ...job }, () => this.inProcess(job, signal), signal);
  }

  /**
   * The candidates as runnable CommonJS (orchestra/runnable.ts), made in the worker: a TS
   * parse and transpile take 10-30 ms per candidate, which would hold the main thread.
   */
  runnables(job: RunnableJob, signal: AbortSignal): Promise<Runnable[]> {
    return this.request({ type: 'runnable', ...job }, async () => {
      const out = await runRunnables(job, () => signal.aborted);
      if (!out || signal.aborted) throw cancelledError();
      return out;
    }, signal);
  }

  /**
   * A pure step of tasks.ts (by name) run in the worker; in-process (after a yield) when
   * there is no worker. Rejects with cancelledError when `signal` aborts.
   */
  task<K extends TaskName>(name: K, input: TaskInput<K>, signal: AbortSignal): Promise<TaskOutput<K>> {
    return this.request<TaskOutput<K>>({ type: 'task', task: name, input }, async () => {
      await yieldToLoop();
      if (signal.aborted) throw cancelledError();
      return runTask(name, input);
    }, signal);
  }

  private request<T>(m: DistributiveOmit<Extract<ToWorker, { type: 'check' | 'runnable' | 'task' }>, 'id'>, inProcess: () => Promise<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(cancelledError());
    if (this.disposed) return Promise.reject(new Error('the type-check pool is disposed'));
    const worker = this.ensureWorker();
    if (!worker) return inProcess();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.has(id)) return;
        this.settle(id)?.reject(cancelledError());
        this.post({ type: 'cancel', id });
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, { inProcess, signal, resolve: resolve as (v: unknown) => void, reject, cleanup: () => signal.removeEventListener('abort', onAbort) });
      worker.ref();
      this.post({ ...m, id } as ToWorker);
    });
  }

  /**
   * Parses the TypeScript lib in the worker now, so the first real check is fast. Resolves
   * with the milliseconds the worker spent (undefined in-process: nothing is done there, so
   * the main thread is not blocked at start-up). Does not keep the process alive.
   */
  warmUp(): Promise<number | undefined> {
    return this.warmUps.request(this.ensureWorker(), () => this.post({ type: 'warm' }));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(cancelledError());
    this.warmUps.flush();
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    if (this.reason !== undefined || !('file' in this.target)) return undefined;
    const w = startScriptWorker<FromWorker>(this.target, {
      name: 'type-check worker', onMessage: (m) => this.onMessage(m), onGone: (gone, message) => this.onCrash(gone, message),
    });
    this.worker = w;
    return w;
  }

  private post(m: ToWorker): void {
    this.worker?.postMessage(m);
  }

  private onMessage(m: FromWorker): void {
    markStage(`worker.${m.type}`);
    if (m.type === 'warmed') {
      this.warmUps.answered(m.ms);
      return;
    }
    const p = this.settle(m.id);
    if (!p) return; // cancelled here already
    if (m.type === 'result') p.resolve(m.verdicts);
    else if (m.type === 'runnables') p.resolve(m.runnables);
    else if (m.type === 'done') p.resolve(m.output);
    else if (m.type === 'error') p.reject(new Error(`type check failed: ${m.message}`));
    else p.reject(cancelledError());
  }

  /** Removes a pending job; unrefs the worker when nothing waits on it. */
  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    if (!p) return undefined;
    this.pending.delete(id);
    p.cleanup();
    if (!this.pending.size) this.worker?.unref();
    return p;
  }

  private onCrash(w: Worker, message: string): void {
    if (this.worker !== w) return; // already handled (error is followed by exit), or disposed
    this.worker = undefined;
    this.crashes++;
    this.options.log?.(message);
    if (this.crashes >= (this.options.maxCrashes ?? 3)) this.fixedReason = `${message} (${this.crashes} times; checks now run in-process)`;
    this.warmUps.flush();
    for (const id of [...this.pending.keys()]) {
      const p = this.settle(id)!;
      p.inProcess().then(p.resolve, p.reject);
    }
  }

  private async inProcess(job: CheckJob, signal: AbortSignal): Promise<Verdicts> {
    const verdicts = await runChecks(job, () => signal.aborted);
    if (!verdicts || signal.aborted) throw cancelledError();
    return verdicts;
  }
}

let shared: TypeCheckPool | undefined;

/** The process-wide pool, created on first use (nothing happens at import time). */
export function typeCheckPool(): TypeCheckPool {
  shared ??= new TypeCheckPool(process.env.WEAVERGEN_TYPECHECK_WORKER === '0' ? { inProcess: 'WEAVERGEN_TYPECHECK_WORKER=0' } : {});
  return shared;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Runnable CommonJS of one decision's candidates, off the main thread when possible. */
export function runnablesOf(job: RunnableJob, signal: AbortSignal): Promise<Runnable[]> {
  return typeCheckPool().runnables(job, signal);
}

/** A pure step of tasks.ts, off the main thread when possible (`signal` defaults to never aborting). */
export function offThread<K extends TaskName>(name: K, input: TaskInput<K>, signal?: AbortSignal): Promise<TaskOutput<K>> {
  return typeCheckPool().task(name, input, signal ?? new AbortController().signal);
}

/** Type checks of one decision's candidates, off the main thread when possible. */
export function typeCheckCandidates(fileName: string, original: string, spliced: string[], signal: AbortSignal): Promise<Verdicts> {
  return typeCheckPool().check({ fileName, original, spliced }, signal);
}

export async function disposeTypeCheckPool(): Promise<void> {
  const p = shared;
  shared = undefined;
  await p?.dispose();
}
