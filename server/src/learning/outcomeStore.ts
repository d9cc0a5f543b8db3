/**
 * Local, bounded outcome log: JSON lines in `<dir>/outcomes.jsonl`, rotated to
 * `outcomes.1.jsonl` when the live file reaches half the bounds, so at most `maxEvents`
 * events and about `maxBytes` bytes are kept on disk. Nothing is sent anywhere.
 * Writes are serialised; `open()` loads what a previous session wrote.
 */
import { promises as fs } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { isOutcomeEvent, type OutcomeEvent, type OutcomeInput } from './outcomes';

export interface OutcomeStoreOptions {
  /** Directory (created if missing), e.g. the extension's global storage. */
  dir: string;
  /** Most events kept (default 20,000). */
  maxEvents?: number;
  /** Most bytes kept on disk, both files together (default 8 MB). */
  maxBytes?: number;
  now?: () => number;
  newId?: () => string;
}

export const LIVE_FILE = 'outcomes.jsonl';
export const ROTATED_FILE = 'outcomes.1.jsonl';

async function readEvents(path: string): Promise<OutcomeEvent[]> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch {
    return [];
  }
  const out: OutcomeEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (isOutcomeEvent(v)) out.push(v);
    } catch {
      // A torn last line (crash mid-write) is skipped, not fatal.
    }
  }
  return out;
}

export class OutcomeStore {
  private events: OutcomeEvent[] = [];
  private liveCount = 0;
  private liveBytes = 0;
  private queue: Promise<void> = Promise.resolve();
  readonly maxEvents: number;
  readonly maxBytes: number;

  private constructor(private readonly opts: OutcomeStoreOptions) {
    this.maxEvents = Math.max(2, opts.maxEvents ?? 20000);
    this.maxBytes = Math.max(1024, opts.maxBytes ?? 8 * 1024 * 1024);
  }

  /** Opens (and loads) the store in `opts.dir`. */
  static async open(opts: OutcomeStoreOptions): Promise<OutcomeStore> {
    const s = new OutcomeStore(opts);
    await fs.mkdir(opts.dir, { recursive: true });
    const rotated = await readEvents(join(opts.dir, ROTATED_FILE));
    const live = await readEvents(join(opts.dir, LIVE_FILE));
    s.events = [...rotated, ...live].slice(-s.maxEvents);
    s.liveCount = live.length;
    s.liveBytes = await fs.stat(join(opts.dir, LIVE_FILE)).then((st) => st.size, () => 0);
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
      const bytes = Buffer.byteLength(line);
      if (this.liveCount + 1 > this.maxEvents / 2 || this.liveBytes + bytes > this.maxBytes / 2) await this.rotate();
      await fs.appendFile(join(this.opts.dir, LIVE_FILE), line);
      this.liveCount++;
      this.liveBytes += bytes;
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
      await fs.rm(join(this.opts.dir, LIVE_FILE), { force: true });
      await fs.rm(join(this.opts.dir, ROTATED_FILE), { force: true });
      this.liveCount = 0;
      this.liveBytes = 0;
    });
  }

  /** Resolves when every pending write has finished. */
  flush(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  private async rotate(): Promise<void> {
    await fs.rename(join(this.opts.dir, LIVE_FILE), join(this.opts.dir, ROTATED_FILE)).catch(() => undefined);
    this.liveCount = 0;
    this.liveBytes = 0;
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(job);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
