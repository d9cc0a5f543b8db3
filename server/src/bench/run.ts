/**
 * The selection benchmark: for each task, select with the orchestra (prompt only), then
 * judge the chosen candidate and every other with the task's hidden tests, then compute
 * the figures (metrics.ts). Tasks run `concurrency` at a time (default 1, so the measured
 * selection time is that of one task on an otherwise idle machine).
 */
import { normalizeCode } from '../consensus/normalize';
import type { SandboxProbes } from '../orchestra/probeRunner';
import { judgeCandidates, type TestRunner } from './judge';
import { computeMetrics, type BenchSelectionResult, type JudgedTask } from './metrics';
import { selectForTask } from './select';
import { programOf, type BenchCandidate, type BenchTask } from './tasks';

/** Where a task's candidates come from: recorded lines, or live providers. */
export type CandidateSource = (task: BenchTask, signal: AbortSignal) => Promise<BenchCandidate[]>;

export interface BenchOptions {
  tasks: BenchTask[];
  candidates: CandidateSource;
  signal: AbortSignal;
  concurrency?: number;
  /** Sandbox runs of one task's selection at once (default 2). */
  probeConcurrency?: number;
  sandbox?: SandboxProbes;
  runTests?: TestRunner;
  /** Wall clock per hidden-test program (default 10 s, as in SOURCE.md). */
  judgeWallMs?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Candidates grouped by task id, in file order. */
export function recordedSource(all: BenchCandidate[]): CandidateSource {
  const byTask = new Map<string, BenchCandidate[]>();
  for (const c of all) {
    const list = byTask.get(c.taskId) ?? [];
    list.push(c);
    byTask.set(c.taskId, list);
  }
  return async (task) => byTask.get(task.task_id) ?? [];
}

export async function judgeTask(task: BenchTask, candidates: BenchCandidate[], opts: BenchOptions): Promise<JudgedTask> {
  const sel = await selectForTask(task, candidates, { sandbox: opts.sandbox, signal: opts.signal, concurrency: opts.probeConcurrency });
  const passed = await judgeCandidates(task, candidates, { signal: opts.signal, concurrency: 2, runTests: opts.runTests, wallMs: opts.judgeWallMs });
  return {
    taskId: task.task_id,
    candidates: candidates.map((c, i) => ({
      provider: c.provider, line: c.line, passed: passed[i],
      key: normalizeCode(programOf(task, c.completion)).text,
    })),
    chosen: sel.chosen,
    quality: sel.quality,
    selectMs: sel.selectMs,
  };
}

export async function runBenchSelection(opts: BenchOptions): Promise<BenchSelectionResult> {
  const rows = new Array<JudgedTask>(opts.tasks.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < opts.tasks.length && !opts.signal.aborted) {
      const i = next++;
      const task = opts.tasks[i];
      const cands = await opts.candidates(task, opts.signal);
      rows[i] = await judgeTask(task, cands, opts);
      opts.onProgress?.(++done, opts.tasks.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 1, opts.tasks.length)) }, worker));
  if (opts.signal.aborted) {
    const e = new Error('The benchmark was cancelled.');
    e.name = 'AbortError';
    throw e;
  }
  return computeMetrics(rows);
}
