/**
 * Per-workspace persistence: spans as JSON lines in `<dir>/traces.jsonl`, rotated to
 * `traces.1.jsonl` … `traces.<files-1>.jsonl` when the current file would pass `fileBytes`.
 * The total on disk never exceeds files × fileBytes. Synchronous on purpose: writes are
 * small, batched by the caller, and must complete during shutdown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TraceFilesOptions {
  dir: string;
  /** How many files to keep, current included (default 2). */
  files?: number;
  /** Size cap of one file in bytes (default 4 MiB). */
  fileBytes?: number;
}

export const DEFAULT_TRACE_FILES = 2;
export const DEFAULT_TRACE_FILE_BYTES = 4 * 1024 * 1024;

export class TraceFiles {
  readonly dir: string;
  private readonly files: number;
  private readonly fileBytes: number;
  private size = -1;

  constructor(opts: TraceFilesOptions) {
    this.dir = opts.dir;
    this.files = Math.max(1, opts.files ?? DEFAULT_TRACE_FILES);
    this.fileBytes = Math.max(1024, opts.fileBytes ?? DEFAULT_TRACE_FILE_BYTES);
  }

  /** The file holding index `i` (0 = current). */
  fileAt(i: number): string {
    return path.join(this.dir, i === 0 ? 'traces.jsonl' : `traces.${i}.jsonl`);
  }

  /** Every persisted line, oldest file first. Missing files are skipped. */
  load(): string[] {
    const lines: string[] = [];
    for (let i = this.files - 1; i >= 0; i--) {
      let text: string;
      try {
        text = fs.readFileSync(this.fileAt(i), 'utf8');
      } catch {
        continue;
      }
      for (const l of text.split('\n')) if (l) lines.push(l);
    }
    return lines;
  }

  /** Append lines (no newlines inside), rotating as needed; a line larger than a file is dropped. */
  append(lines: readonly string[]): void {
    if (lines.length === 0) return;
    if (this.size < 0) {
      fs.mkdirSync(this.dir, { recursive: true });
      this.size = statSize(this.fileAt(0));
    }
    let chunk = '';
    let chunkBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.byteLength(line) + 1;
      if (bytes > this.fileBytes) continue;
      if (this.size + chunkBytes + bytes > this.fileBytes) {
        this.write(chunk);
        chunk = '';
        chunkBytes = 0;
        this.rotate();
      }
      chunk += `${line}\n`;
      chunkBytes += bytes;
    }
    this.write(chunk);
  }

  /** Bytes on disk over every file (for tests and the benchmark). */
  totalBytes(): number {
    let n = 0;
    for (let i = 0; i < this.files; i++) n += statSize(this.fileAt(i));
    return n;
  }

  private write(chunk: string): void {
    if (!chunk) return;
    fs.appendFileSync(this.fileAt(0), chunk);
    this.size += Buffer.byteLength(chunk);
  }

  private rotate(): void {
    fs.rmSync(this.fileAt(this.files - 1), { force: true });
    for (let i = this.files - 2; i >= 0; i--) {
      if (fs.existsSync(this.fileAt(i))) fs.renameSync(this.fileAt(i), this.fileAt(i + 1));
    }
    this.size = 0;
  }
}

function statSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
