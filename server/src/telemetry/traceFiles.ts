/**
 * Per-workspace persistence: spans as JSON lines in `<dir>/traces.jsonl`, rotated to
 * `traces.1.jsonl` … `traces.<files-1>.jsonl` when the current file would pass `fileBytes`.
 * The total on disk never exceeds files × fileBytes. Synchronous on purpose: writes are
 * small, batched by the caller, and must complete during shutdown. Files are reached
 * through util/safeFiles: never through a symlink, a torn last line is ended before the
 * next append, and torn or garbage lines are skipped when loading.
 */
import * as path from 'node:path';
import { isUnsafeStatePath, StateDir, type Log } from '../util/safeFiles';

export interface TraceFilesOptions {
  dir: string;
  /** How many files to keep, current included (default 2). */
  files?: number;
  /** Size cap of one file in bytes (default 4 MiB). */
  fileBytes?: number;
  /** The storage dir `dir` lies in (checked for planted symlinks down to `dir`); default `dir` itself. */
  root?: string;
  /** Where recoveries (torn lines skipped, files moved aside) are reported. */
  log?: Log;
}

export const DEFAULT_TRACE_FILES = 2;
export const DEFAULT_TRACE_FILE_BYTES = 4 * 1024 * 1024;

export class TraceFiles {
  readonly dir: string;
  private readonly files: number;
  private readonly fileBytes: number;
  private size = -1;
  private readonly state: StateDir;
  /** Set once a write was refused (a planted symlink, a symlinked storage dir): reported once, then nothing is written. */
  private refused = false;

  constructor(opts: TraceFilesOptions) {
    this.dir = opts.dir;
    this.state = StateDir.at(opts.dir, opts.root, opts.log);
    this.files = Math.max(1, opts.files ?? DEFAULT_TRACE_FILES);
    this.fileBytes = Math.max(1024, opts.fileBytes ?? DEFAULT_TRACE_FILE_BYTES);
  }

  /** The file holding index `i` (0 = current). */
  fileAt(i: number): string {
    return path.join(this.dir, nameAt(i));
  }

  /** Every persisted JSON line, oldest file first. Missing files, torn and garbage lines are skipped. */
  load(): string[] {
    const lines: string[] = [];
    for (let i = this.files - 1; i >= 0; i--) {
      for (const e of this.state.readJsonLinesSync(nameAt(i))) lines.push(e.line);
    }
    return lines;
  }

  /**
   * Append lines (no newlines inside), rotating as needed; a line larger than a file is dropped.
   * Throws when a write fails; after a refused one (UnsafeStatePathError) later calls do nothing.
   */
  append(lines: readonly string[]): void {
    if (lines.length === 0 || this.refused) return;
    try {
      this.appendChecked(lines);
    } catch (e) {
      this.refused = isUnsafeStatePath(e);
      throw e;
    }
  }

  private appendChecked(lines: readonly string[]): void {
    if (this.size < 0) {
      this.state.ensure();
      this.size = this.state.size(nameAt(0));
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
    for (let i = 0; i < this.files; i++) n += this.state.size(nameAt(i));
    return n;
  }

  private write(chunk: string): void {
    if (!chunk) return;
    this.size += this.state.appendLines(nameAt(0), chunk);
  }

  private rotate(): void {
    this.state.remove(nameAt(this.files - 1));
    for (let i = this.files - 2; i >= 0; i--) this.state.rename(nameAt(i), nameAt(i + 1));
    this.size = 0;
  }
}

const nameAt = (i: number) => (i === 0 ? 'traces.jsonl' : `traces.${i}.jsonl`);
