/**
 * Selection for one benchmark task with the product's decision code
 * (orchestra/executeSelect.ts): the prompt and the candidates only, never the tests.
 */
import { normalizeCode } from '../consensus/normalize';
import type { Candidate } from '../consensus/types';
import { executeSelect, scoreWinner } from '../orchestra/executeSelect';
import type { SandboxProbes } from '../orchestra/probeRunner';
import { programOf, type BenchCandidate, type BenchTask } from './tasks';

export interface TaskSelection {
  /** Index into the task's candidates; null when there were none. */
  chosen: number | null;
  quality: number | null;
  selectMs: number;
  probes: number;
}

export async function selectForTask(
  task: BenchTask, candidates: BenchCandidate[], opts: { sandbox?: SandboxProbes; signal: AbortSignal; concurrency?: number },
): Promise<TaskSelection> {
  if (candidates.length === 0) return { chosen: null, quality: null, selectMs: 0, probes: 0 };
  const started = performance.now();
  const votes: Candidate[] = candidates.map((c, i) => ({ id: `c${i}`, providerId: c.provider, code: programOf(task, c.completion) }));
  const res = await executeSelect({
    prompt: task.prompt, entryPoint: task.entry_point, candidates: votes, sandbox: opts.sandbox, signal: opts.signal, concurrency: opts.concurrency,
  });
  const chosen = Number(res.selection.winner.representative.slice(1));
  const distinct = new Set(votes.map((v) => normalizeCode(v.code).text)).size;
  const quality = scoreWinner(res.selection.winner, votes[chosen].code, { executed: true, candidates: distinct, answers: votes.length });
  return { chosen, quality: quality.score, selectMs: Math.round(performance.now() - started), probes: res.inputs.length };
}
