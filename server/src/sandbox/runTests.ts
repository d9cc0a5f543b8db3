/**
 * `runTestProgram`: runs candidate + test code (CommonJS, pass = exit 0) in the sandbox.
 * A pass needs exit 0 AND the runner's nonce-tagged completion marker, which is written
 * only after the whole program ran, so a candidate's early `process.exit(0)` is a failure. The
 * program runs in a worker isolate, so the nonce is not in any heap it can read.
 */
import { resolveLimits, type SandboxLimits } from './limits';
import { newNonce, runSandboxed, type SandboxRun } from './run';
import { COMPLETION_MARK, TEST_PROGRAM_FILE, TEST_PROGRAM_WORKER_FILE, TEST_PROGRAM_WORKER_SOURCE, TEST_RUNNER_FILE, TEST_RUNNER_SOURCE } from './testHarness';

export interface TestProgramJob {
  /** Candidate + tests, CommonJS. For benchmarks: prompt + completion + "\n" + tests. */
  program: string;
  limits?: Partial<SandboxLimits>;
  signal?: AbortSignal;
}

export interface TestProgramResult {
  pass: boolean;
  /** True when the completion marker arrived (the program ran to its end). */
  completed: boolean;
  run: SandboxRun;
}

export async function runTestProgram(job: TestProgramJob): Promise<TestProgramResult> {
  const nonce = newNonce();
  // The program runs in a worker isolate; the nonce lives only in the runner's (testHarness.ts).
  const run = await runSandboxed({
    files: { [TEST_RUNNER_FILE]: TEST_RUNNER_SOURCE, [TEST_PROGRAM_WORKER_FILE]: TEST_PROGRAM_WORKER_SOURCE, [TEST_PROGRAM_FILE]: job.program },
    entry: TEST_RUNNER_FILE,
    allowWorker: true,
    stdin: JSON.stringify({ nonce, memoryMb: resolveLimits(job.limits).memoryMb }),
    channelBytes: 4096,
    limits: job.limits,
    signal: job.signal,
  });
  const completed = (run.channel ?? '').split('\n').includes(`${nonce} ${COMPLETION_MARK}`);
  const { channel: _channel, ...publicRun } = run;
  return { pass: completed && run.outcome === 'ok' && run.exitCode === 0, completed, run: publicRun };
}
