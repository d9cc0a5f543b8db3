/** Messages between the language server and the type-check worker (worker_threads). */
import type { Runnable } from '../orchestra/runnable';
import type { TypeCheckVerdict } from '../orchestra/typecheck';
import type { TaskName } from './tasks';

/** One decision's type checks: the file without candidates, and the file with each candidate spliced in. */
export interface CheckJob {
  fileName: string;
  original: string;
  spliced: string[];
}

/** Candidates spliced into their file -> runnable CommonJS (orchestra/runnable.ts: a TS parse + transpile each). */
export interface RunnableJob {
  fileName: string;
  spliced: string[];
  entryPoint: string;
  intent: string;
}

export type ToWorker =
  | ({ type: 'check'; id: number } & CheckJob)
  | ({ type: 'runnable'; id: number } & RunnableJob)
  /** A pure step of tasks.ts by name; answered with `done`. */
  | { type: 'task'; id: number; task: TaskName; input: unknown }
  | { type: 'cancel'; id: number }
  | { type: 'warm' };

export type FromWorker =
  | { type: 'result'; id: number; verdicts: (TypeCheckVerdict | undefined)[] }
  | { type: 'runnables'; id: number; runnables: Runnable[] }
  | { type: 'done'; id: number; output: unknown }
  | { type: 'error'; id: number; message: string }
  | { type: 'cancelled'; id: number }
  | { type: 'warmed'; ms: number };
