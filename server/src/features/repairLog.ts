/**
 * The repair loop's history, for the learning report: one JSON line per loop run in
 * `<dir>/repairs.jsonl`, at most `max` runs kept (the file is compacted when it holds
 * twice that). Local only; reset with the rest of learning.
 */
import { StateDir, type Log } from '../util/safeFiles';

export interface RepairRun {
  time: number;
  iterations: number;
  tokens: number;
  fixed: boolean;
  stoppedBecause: string;
}

export const REPAIRS_FILE = 'repairs.jsonl';

const isRun = (v: unknown): v is RepairRun => {
  const o = v as Record<string, unknown> | null;
  return !!o && typeof o.time === 'number' && typeof o.iterations === 'number' && typeof o.tokens === 'number'
    && typeof o.fixed === 'boolean' && typeof o.stoppedBecause === 'string';
};

export class RepairLog {
  private runs: RepairRun[] = [];
  private lines = 0;
  private queue: Promise<void> = Promise.resolve();

  private constructor(private readonly state: StateDir, private readonly max: number) {}

  /** `root`: the storage dir `dir` lies in (checked for planted symlinks); default `dir` itself. */
  static async open(dir: string, max = 2000, opts: { root?: string; log?: Log } = {}): Promise<RepairLog> {
    const log = new RepairLog(StateDir.at(dir, opts.root, opts.log), max);
    log.state.ensure();
    // Torn and garbage lines are skipped (and counted in a log line).
    const entries = await log.state.readJsonLines(REPAIRS_FILE);
    log.lines = entries.length;
    log.runs = entries.map((e) => e.value).filter(isRun).slice(-max);
    return log;
  }

  all(): RepairRun[] {
    return [...this.runs];
  }

  append(run: RepairRun): Promise<void> {
    this.runs.push(run);
    if (this.runs.length > this.max) this.runs.splice(0, this.runs.length - this.max);
    return this.enqueue(async () => {
      if (this.lines + 1 > 2 * this.max) {
        await this.state.replace(REPAIRS_FILE, this.runs.map((r) => JSON.stringify(r)).join('\n') + '\n');
        this.lines = this.runs.length;
      } else {
        this.state.appendLines(REPAIRS_FILE, `${JSON.stringify(run)}\n`);
        this.lines++;
      }
    });
  }

  reset(): Promise<void> {
    this.runs = [];
    return this.enqueue(async () => {
      this.state.remove(REPAIRS_FILE);
      this.lines = 0;
    });
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(job);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
