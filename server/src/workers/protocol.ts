/** Messages between the language server and the type-check worker (worker_threads). */
import type { TypeCheckVerdict } from '../orchestra/typecheck';

/** One decision's type checks: the file without candidates, and the file with each candidate spliced in. */
export interface CheckJob {
  fileName: string;
  original: string;
  spliced: string[];
}

export type ToWorker =
  | ({ type: 'check'; id: number } & CheckJob)
  | { type: 'cancel'; id: number }
  | { type: 'warm' };

export type FromWorker =
  | { type: 'result'; id: number; verdicts: (TypeCheckVerdict | undefined)[] }
  | { type: 'error'; id: number; message: string }
  | { type: 'cancelled'; id: number }
  | { type: 'warmed'; ms: number };
