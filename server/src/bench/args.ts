/** Arguments of `weavergen bench selection` (pure; throws BenchUsageError). */

export interface BenchArgs {
  help: boolean;
  tasks: string;
  candidates?: string;
  config?: string;
  json: boolean;
  limit?: number;
  concurrency: number;
}

export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}
export const isBenchUsageError = (e: unknown): e is BenchUsageError => e instanceof BenchUsageError;

export const BENCH_USAGE = `Usage: weavergen bench selection --tasks FILE [options]

For each task: select among the candidates with the orchestra (prompt only), then judge
the chosen candidate and every candidate with the task's hidden tests in the sandbox.

Options:
  --tasks FILE        tasks, one JSON object a line {task_id, prompt, tests, entry_point}
  --candidates FILE   recorded candidates, one JSON object a line {task_id, provider, completion};
                      without it, candidates come from the configured providers
  --config FILE       settings JSON (as for generate), used without --candidates
  --json              print the result as one JSON object
  --limit N           only the first N tasks
  --concurrency N     tasks at once (default 1; selection times are measured per task)
  -h, --help          show this help
`;

function positiveInt(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new BenchUsageError(`${flag} needs a positive integer, got "${v}"`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  if (argv.includes('-h') || argv.includes('--help')) return { help: true, tasks: '', json: false, concurrency: 1 };
  const [what, ...rest] = argv;
  if (what !== 'selection') throw new BenchUsageError(what ? `unknown benchmark "${what}"` : 'missing benchmark name (selection)');
  const out: Partial<BenchArgs> & { json: boolean; concurrency: number } = { json: false, concurrency: 1 };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new BenchUsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--json') out.json = true;
    else if (a === '--tasks') out.tasks = value();
    else if (a === '--candidates') out.candidates = value();
    else if (a === '--config') out.config = value();
    else if (a === '--limit') out.limit = positiveInt(a, value());
    else if (a === '--concurrency') out.concurrency = positiveInt(a, value());
    else throw new BenchUsageError(`unexpected argument ${a}`);
  }
  if (!out.tasks) throw new BenchUsageError('--tasks FILE is required');
  return { ...out, tasks: out.tasks, help: false };
}
