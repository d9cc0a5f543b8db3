/**
 * One folder of persisted state inside the storage dir, for every writer of state files:
 * reads that survive truncation, garbage, 0 bytes, symlinks and directories; atomic
 * replaces and torn-line-safe appends that never follow a link (see paths.ts, write.ts,
 * read.ts). Refused writes throw `UnsafeStatePathError` with a message that names the path.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkedStatePath, ensureStateDir } from './paths';
import { moveAsideSync, parseJsonLines, readStateText, readStateTextSync, type Log } from './read';
import { appendLinesSync, removeFileSync, renameFileSync, replaceFile, replaceFileSync } from './write';

export type { Log } from './read';

export class StateDir {
  /** `root`: the storage dir (a real directory); `sub`: a folder inside it ('' for the root). */
  constructor(readonly root: string, readonly sub = '', private readonly log: Log = () => undefined) {}

  /** The folder `dir` inside the storage dir `root` (default: `dir` is the storage dir). */
  static at(dir: string, root?: string, log?: Log): StateDir {
    return root ? new StateDir(root, path.relative(path.resolve(root), path.resolve(dir)), log) : new StateDir(dir, '', log);
  }

  /** Creates the folder if missing; throws `UnsafeStatePathError` when it or a folder above it (up to the root) is a symlink. */
  ensure(): string {
    return ensureStateDir(this.root, this.sub);
  }

  /** The absolute folder (for messages). */
  get dir(): string {
    return path.resolve(this.root, this.sub);
  }

  /** A view on a sub-folder of this one. */
  child(name: string): StateDir {
    return new StateDir(this.root, path.join(this.sub, name), this.log);
  }

  private rel(name: string): string {
    return path.join(this.sub, name);
  }

  readTextSync(name: string): string | undefined {
    return readStateTextSync(this.root, this.rel(name), this.log);
  }

  readText(name: string): Promise<string | undefined> {
    return readStateText(this.root, this.rel(name), this.log);
  }

  /** A JSON state file, or undefined; unparsable or invalid content is moved aside (0 bytes just ignored). */
  readJsonSync(name: string, valid: (v: unknown) => boolean = () => true): unknown {
    return this.judge(name, this.readTextSync(name), valid);
  }

  async readJson(name: string, valid: (v: unknown) => boolean = () => true): Promise<unknown> {
    return this.judge(name, await this.readText(name), valid);
  }

  /** JSON lines of a file, torn and garbage lines skipped (and counted in a log line). */
  readJsonLinesSync(name: string): { line: string; value: unknown }[] {
    return this.lines(name, this.readTextSync(name));
  }

  async readJsonLines(name: string): Promise<{ line: string; value: unknown }[]> {
    return this.lines(name, await this.readText(name));
  }

  replaceSync(name: string, data: string | Uint8Array): void {
    replaceFileSync(this.root, this.rel(name), data);
  }

  replace(name: string, data: string | Uint8Array): Promise<void> {
    return replaceFile(this.root, this.rel(name), data);
  }

  /** Appends whole lines (synchronous, small); returns the bytes written. */
  appendLines(name: string, text: string): number {
    return appendLinesSync(this.root, this.rel(name), text);
  }

  remove(name: string): void {
    removeFileSync(this.root, this.rel(name));
  }

  /** Renames `from` over `to` (both in this folder); false when `from` is missing. */
  rename(from: string, to: string): boolean {
    return renameFileSync(this.root, this.rel(from), this.rel(to));
  }

  /** The size of a regular file, 0 when missing or not a regular file. */
  size(name: string): number {
    try {
      const file = checkedStatePath(this.root, this.rel(name), false);
      const st = file ? fs.lstatSync(file, { throwIfNoEntry: false }) : undefined;
      return st?.isFile() ? st.size : 0;
    } catch {
      return 0;
    }
  }

  private judge(name: string, text: string | undefined, valid: (v: unknown) => boolean): unknown {
    if (text === undefined) return undefined;
    const file = path.resolve(this.root, this.rel(name));
    if (!text.trim()) {
      this.log(`${file} is empty; starting fresh`);
      return undefined;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      moveAsideSync(file, 'is not valid JSON (truncated or corrupt)', this.log);
      return undefined;
    }
    if (valid(value)) return value;
    moveAsideSync(file, 'does not hold the expected state', this.log);
    return undefined;
  }

  private lines(name: string, text: string | undefined): { line: string; value: unknown }[] {
    if (text === undefined) return [];
    const { entries, skipped } = parseJsonLines(text);
    if (skipped > 0) this.log(`skipped ${skipped} torn or unreadable line(s) in ${path.resolve(this.root, this.rel(name))}`);
    return entries;
  }
}
