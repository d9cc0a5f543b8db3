/**
 * Local, bounded outcome log: JSON lines in `<dir>/outcomes.jsonl`, rotated to
 * `outcomes.1.jsonl` when the live file reaches half the bounds, so at most `maxEvents`
 * events and about `maxBytes` bytes are kept on disk. Nothing is sent anywhere.
 * Writes are serialised; `open()` loads what a previous session wrote.
 */
import { randomUUID } from 'node:crypto';
import { StateDir, type Log } from '../util/safeFiles';
import { isOutcomeEvent, type OutcomeEvent, type OutcomeInput } from './outcomes';

export interface OutcomeStoreOptions {
  /** Directory (created if missing), e.g. the extension's global storage. */
  dir: string;
  /** The storage dir `dir` lies in (checked for planted symlinks down to `dir`); default `dir` itself. */
  root?: string;
  /** Where recoveries (torn lines skipped, files moved aside) are reported. */
  log?: Log;
  /** Most events kept (default 20,000). */
  maxEvents?: number;
  /** Most bytes kept on disk, both files together (default 8 MB). */
  maxBytes?: number;
  now?: () => number;
  newId?: () => string;
}

export const LIVE_FILE = 'outcomes.jsonl';
export const ROTATED_FILE = 'outcomes.1.jsonl';

async function readEvents(state: StateDir, name: string): Promise<OutcomeEvent[]> {
  // A torn last line (crash mid-write) or a garbage line is skipped, not fatal.
  return (await state.readJsonLines(name)).map((e) => e.value).filter(isOutcomeEvent);
}

export class OutcomeStore {
  private events: OutcomeEvent[] = [];
  private liveCount = 0;
  private liveBytes = 0;
  private queue: Promise<void> = Promise.resolve();
  readonly maxEvents: number;
  readonly maxBytes: number;

  private readonly state: StateDir;

  private constructor(private readonly opts: OutcomeStoreOptions) {
    this.state = StateDir.at(opts.dir, opts.root, opts.log);
    this.maxEvents = Math.max(2, opts.maxEvents ?? 20000);
    this.maxBytes = Math.max(1024, opts.maxBytes ?? 8 * 1024 * 1024);
  }

  /** Opens (and loads) the store in `opts.dir`. */
  static async open(opts: OutcomeStoreOptions): Promise<OutcomeStore> {
    const s = new OutcomeStore(opts);
    s.state.ensure();
    const rotated = await readEvents(s.state, ROTATED_FILE);
    const live = await readEvents(s.state, LIVE_FILE);
    s.events = [...rotated, ...live].slice(-s.maxEvents);
    s.liveCount = live.length;
    s.liveBytes = s.state.size(LIVE_FILE);
    return s;
  }

  /** Events kept, oldest first (a copy). */
  all(): OutcomeEvent[] {
    return [...this.events];
  }

  get size(): number {
    return this.events.length;
  }

  /** Stamps, keeps and writes one event; resolves when it is on disk. */
  append(input: OutcomeInput): Promise<OutcomeEvent> {
    const event: OutcomeEvent = {
      ...input,
      id: input.id ?? (this.opts.newId ?? randomUUID)(),
      time: input.time ?? (this.opts.now ?? Date.now)(),
    };
    if (!isOutcomeEvent(event)) return Promise.reject(new TypeError('malformed outcome event'));
    this.events.push(event);
    if (this.events.length > this.maxEvents) this.events.splice(0, this.events.length - this.maxEvents);
    const line = `${JSON.stringify(event)}\n`;
    return this.enqueue(async () => {
      if (this.liveCount + 1 > this.maxEvents / 2 || this.liveBytes + Buffer.byteLength(line) > this.maxBytes / 2) this.rotate();
      this.liveBytes += this.state.appendLines(LIVE_FILE, line);
      this.liveCount++;
    }).then(() => event);
  }

  /** Everything kept, as a JSON document for the user to save. */
  export(): string {
    return JSON.stringify({ format: 'weavergen-outcomes', version: 1, count: this.events.length, events: this.events }, null, 2);
  }

  /** Forgets every event, on disk too. */
  reset(): Promise<void> {
    this.events = [];
    return this.enqueue(async () => {
      this.state.remove(LIVE_FILE);
      this.state.remove(ROTATED_FILE);
      this.liveCount = 0;
      this.liveBytes = 0;
    });
  }

  /** Resolves when every pending write has finished. */
  flush(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  private rotate(): void {
    this.state.rename(LIVE_FILE, ROTATED_FILE);
    this.liveCount = 0;
    this.liveBytes = 0;
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(job);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
