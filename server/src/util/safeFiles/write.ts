/**
 * Writing state files without following links: atomic replace (a temp file created
 * exclusively under a random name with O_NOFOLLOW, written, fsynced, renamed over the
 * target, then the directory fsynced where the platform allows; the temp is removed on
 * failure) and JSON-lines append (O_APPEND|O_NOFOLLOW; a torn last line is ended first so
 * the new record starts on a fresh line). Paths are checked by `checkedStatePath`.
 */
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { checkedStatePath, isUnsafeStatePath, O_NOFOLLOW, UnsafeStatePathError } from './paths';

const { O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_APPEND } = fs.constants;
const TEMP_FLAGS = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;
const APPEND_FLAGS = O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW;
const MODE = 0o600;

function target(root: string, rel: string): string {
  return checkedStatePath(root, rel, true) as string;
}

const tempName = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);

/** A temp file older than this was left by a writer that died (kill -9, power cut) and is removed. */
export const STALE_TEMP_MS = 60_000;

/** Removes temp files of `file` that a killed writer left behind (best effort; a live writer's recent temp is kept). */
function removeStaleTemps(file: string): void {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  try {
    for (const name of fs.readdirSync(dir)) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      const st = fs.lstatSync(path.join(dir, name), { throwIfNoEntry: false });
      if (st?.isFile() && Date.now() - st.mtimeMs > STALE_TEMP_MS) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // best effort
  }
}

/** fsync a directory so a rename survives a power cut; not possible everywhere (Windows), so best effort. */
function syncDirSync(dir: string): void {
  try {
    const fd = fs.openSync(dir, fs.constants.O_RDONLY);
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  } catch {
    // best effort
  }
}

/** Atomically replaces `root/rel` with `data` (synchronous, for shutdown paths). */
export function replaceFileSync(root: string, rel: string, data: string | Uint8Array): void {
  const file = target(root, rel);
  const tmp = tempName(file);
  const fd = fs.openSync(tmp, TEMP_FLAGS, MODE);
  try {
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  syncDirSync(path.dirname(file));
  removeStaleTemps(file);
}

/** Atomically replaces `root/rel` with `data`. */
export async function replaceFile(root: string, rel: string, data: string | Uint8Array): Promise<void> {
  const file = target(root, rel);
  const tmp = tempName(file);
  const fh = await fsp.open(tmp, TEMP_FLAGS, MODE);
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  syncDirSync(path.dirname(file));
  removeStaleTemps(file);
}

/**
 * Appends `text` (whole lines, each ending in '\n') to `root/rel`, first ending a torn
 * last line if the file does not end with '\n'. Synchronous: appends are small. Returns
 * the bytes written.
 */
export function appendLinesSync(root: string, rel: string, text: string): number {
  const file = target(root, rel);
  const fd = fs.openSync(file, APPEND_FLAGS, MODE);
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new UnsafeStatePathError(`state file ${file} is not a regular file`);
    let prefix = '';
    if (st.size > 0) {
      const last = Buffer.alloc(1);
      fs.readSync(fd, last, 0, 1, st.size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    const buf = Buffer.from(prefix + text);
    fs.writeFileSync(fd, buf);
    return buf.length;
  } finally {
    fs.closeSync(fd);
  }
}

/** Removes `root/rel` (a symlink itself is removed, not followed); nothing when a directory on the way is missing. */
export function removeFileSync(root: string, rel: string): void {
  let file: string | undefined;
  try {
    file = checkedStatePath(root, rel, false);
  } catch (e) {
    if (!(isUnsafeStatePath(e) && e.at === 'file')) throw e;
    file = path.resolve(root, rel); // the folders above were checked; unlinking a link does not touch its target
  }
  if (file) fs.rmSync(file, { force: true });
}

/** Renames one state file to another inside the storage dir (rotation); false when `from` is missing. */
export function renameFileSync(root: string, from: string, to: string): boolean {
  const src = checkedStatePath(root, from, false);
  const dst = checkedStatePath(root, to, true) as string;
  if (!src || !fs.existsSync(src)) return false;
  fs.renameSync(src, dst);
  return true;
}
