/**
 * The repair loop's history, for the learning report: one JSON line per loop run in
 * `<dir>/repairs.jsonl`, at most `max` runs kept (the file is compacted when it holds
 * twice that). Local only; reset with the rest of learning.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

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

  private constructor(private readonly dir: string, private readonly max: number) {}

  static async open(dir: string, max = 2000): Promise<RepairLog> {
    const log = new RepairLog(dir, max);
    const text = await fs.readFile(join(dir, REPAIRS_FILE), 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const v: unknown = JSON.parse(line);
        if (isRun(v)) log.runs.push(v);
      } catch {
        // a torn line is skipped
      }
      log.lines++;
    }
    log.runs = log.runs.slice(-max);
    return log;
  }

  all(): RepairRun[] {
    return [...this.runs];
  }

  append(run: RepairRun): Promise<void> {
    this.runs.push(run);
    if (this.runs.length > this.max) this.runs.splice(0, this.runs.length - this.max);
    return this.enqueue(async () => {
      const file = join(this.dir, REPAIRS_FILE);
      if (this.lines + 1 > 2 * this.max) {
        await fs.writeFile(`${file}.tmp`, this.runs.map((r) => JSON.stringify(r)).join('\n') + '\n');
        await fs.rename(`${file}.tmp`, file);
        this.lines = this.runs.length;
      } else {
        await fs.appendFile(file, `${JSON.stringify(run)}\n`);
        this.lines++;
      }
    });
  }

  reset(): Promise<void> {
    this.runs = [];
    return this.enqueue(async () => {
      await fs.rm(join(this.dir, REPAIRS_FILE), { force: true });
      this.lines = 0;
    });
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(job);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
