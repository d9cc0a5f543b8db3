/**
 * Judging with the hidden tests, after selection: every distinct program of a task runs
 * once in the sandbox (runTestProgram: exit 0 plus the completion marker).
 */
import { runTestProgram } from '../sandbox/runTests';
import { testProgramOf, type BenchCandidate, type BenchTask } from './tasks';

export type TestRunner = typeof runTestProgram;

/** The benchmark task set's judging rule: 10 s per program. */
export const JUDGE_WALL_MS = 10_000;

export async function judgeCandidates(
  task: BenchTask, candidates: BenchCandidate[], opts: { signal: AbortSignal; concurrency: number; runTests?: TestRunner; wallMs?: number },
): Promise<boolean[]> {
  const run = opts.runTests ?? runTestProgram;
  const programs = candidates.map((c) => testProgramOf(task, c.completion));
  const distinct = [...new Set(programs)];
  const verdict = new Map<string, boolean>();
  let next = 0;
  const worker = async () => {
    while (next < distinct.length) {
      const p = distinct[next++];
      const r = await run({ program: p, limits: { wallMs: opts.wallMs ?? JUDGE_WALL_MS }, signal: opts.signal });
      verdict.set(p, r.pass);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, distinct.length)) }, worker));
  return programs.map((p) => verdict.get(p) ?? false);
}
