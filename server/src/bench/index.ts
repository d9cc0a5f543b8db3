/**
 * `weavergen bench selection ...`: reads the files, picks the candidate source (recorded
 * or live providers), runs the benchmark and prints the result. Exit codes: 0 done,
 * 1 failed, 2 usage or input error.
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_SETTINGS, resolveSettings, type WeaverSettings } from '../protocol/settings';
import { demoRecordingPath, resolveProviders } from '../providers/registry';
import { envKeys, ProviderSet } from '../generation/providerSet';
import { BENCH_USAGE, isBenchUsageError, parseBenchArgs, type BenchArgs } from './args';
import { providerSource } from './fromProviders';
import { formatReport } from './report';
import { recordedSource, runBenchSelection, type CandidateSource } from './run';
import { isBenchInputError, parseCandidates, parseTasks, type BenchTask } from './tasks';

export interface BenchIo {
  out: (s: string) => void;
  err: (s: string) => void;
  signal: AbortSignal;
}

export async function benchMain(argv: string[], io: BenchIo): Promise<number> {
  let args: BenchArgs;
  let tasks: BenchTask[];
  let source: CandidateSource | undefined;
  let settings: WeaverSettings = DEFAULT_SETTINGS;
  try {
    args = parseBenchArgs(argv);
    if (args.help) {
      io.out(BENCH_USAGE);
      return 0;
    }
    tasks = parseTasks(await readFile(args.tasks, 'utf8')).slice(0, args.limit);
    if (args.candidates) source = recordedSource(parseCandidates(await readFile(args.candidates, 'utf8')));
    else if (args.config) settings = resolveSettings(JSON.parse(await readFile(args.config, 'utf8')));
  } catch (e) {
    if (isBenchUsageError(e)) io.err(`weavergen: ${e.message}\n\n${BENCH_USAGE}`);
    else io.err(`weavergen: ${isBenchInputError(e) || e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const set = source ? undefined : new ProviderSet(resolveProviders, { keys: envKeys(), demoRecordingPath: demoRecordingPath() }, settings);
  try {
    if (set) {
      await set.resolve();
      source = providerSource(set);
    }
    const result = await runBenchSelection({
      tasks, candidates: source!, signal: io.signal, concurrency: args.concurrency,
      onProgress: (done, total) => { if (!args.json && done % 25 === 0) io.err(`  ${done}/${total}\n`); },
    });
    io.out(args.json ? `${JSON.stringify(result)}\n` : formatReport(result));
    return 0;
  } catch (e) {
    io.err(`weavergen: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    set?.dispose();
  }
}
