/**
 * Reading state files defensively: a missing file, a symlink (never followed), a directory
 * or anything else that is not a regular file is treated as absent; what is in the way is
 * moved aside to `<name>.corrupt-<timestamp>` (the newest few are kept) so a fresh file can
 * be written and nothing is lost. Unreadable content is the caller's to judge (see
 * `StateDir.readJson`); JSON lines skip torn and garbage lines.
 */
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { checkedStatePath, isUnsafeStatePath, O_NOFOLLOW, O_NONBLOCK } from './paths';

export type Log = (message: string) => void;

const READ_FLAGS = fs.constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK;
/**
 * A larger file is moved aside unread: above what one JavaScript string can hold (~512 Mi
 * characters), and far above the state files (a few MiB; the pregen cache follows its setting).
 */
export const MAX_STATE_BYTES = 500 * 1024 * 1024;
/** How many moved-aside copies of one file are kept. */
export const CORRUPT_KEPT = 3;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Renames whatever is at `file` to `<file>.corrupt-<timestamp>` and prunes older copies. */
export function moveAsideSync(file: string, reason: string, log: Log): void {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const aside = `${file}.corrupt-${stamp}-${randomBytes(3).toString('hex')}`;
  try {
    fs.renameSync(file, aside);
    log(`${file} ${reason}; moved aside to ${path.basename(aside)} and starting fresh`);
  } catch (e) {
    log(`${file} ${reason}; could not move it aside (${message(e)}); starting fresh`);
    return;
  }
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.corrupt-`;
  try {
    const copies = fs.readdirSync(dir).filter((n) => n.startsWith(prefix)).sort();
    for (const old of copies.slice(0, -CORRUPT_KEPT)) fs.rmSync(path.join(dir, old), { recursive: true, force: true });
  } catch {
    // pruning is best effort
  }
}

/**
 * The checked path of an existing regular file, or undefined (missing, or refused and
 * moved aside when something else is in its place).
 */
function regularFile(root: string, rel: string, log: Log): string | undefined {
  let file: string | undefined;
  try {
    file = checkedStatePath(root, rel, false);
  } catch (e) {
    if (!isUnsafeStatePath(e)) {
      log(`could not reach ${rel} in ${root}: ${message(e)}; treating it as absent`);
      return undefined;
    }
    // Only the file itself is moved aside (renaming a link does not follow it); a symlinked
    // directory on the way is left for the user to see, and nothing under it is used.
    if (e.at === 'file') moveAsideSync(path.resolve(root, rel), 'is a symlink (not followed)', log);
    else log(`${e.message}; treating ${rel} as absent`);
    return undefined;
  }
  if (!file) return undefined;
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(file, { throwIfNoEntry: false });
  } catch (e) {
    log(`could not reach ${file}: ${message(e)}; treating it as absent`);
    return undefined;
  }
  if (!st) return undefined;
  if (!st.isFile()) moveAsideSync(file, 'is not a regular file', log);
  else if (st.size > MAX_STATE_BYTES) moveAsideSync(file, `is larger than any state file (${st.size} bytes)`, log);
  else return file;
  return undefined;
}

/** The text of `root/rel`, or undefined when it is absent or not a safe regular file. */
export function readStateTextSync(root: string, rel: string, log: Log): string | undefined {
  const file = regularFile(root, rel, log);
  if (!file) return undefined;
  try {
    const fd = fs.openSync(file, READ_FLAGS);
    try {
      if (!fs.fstatSync(fd).isFile()) return undefined;
      return fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    log(`could not read ${file}: ${message(e)}; starting fresh`);
    return undefined;
  }
}

/** The text of `root/rel`, or undefined when it is absent or not a safe regular file. */
export async function readStateText(root: string, rel: string, log: Log): Promise<string | undefined> {
  const file = regularFile(root, rel, log);
  if (!file) return undefined;
  try {
    const fh = await fsp.open(file, READ_FLAGS);
    try {
      if (!(await fh.stat()).isFile()) return undefined;
      return await fh.readFile('utf8');
    } finally {
      await fh.close();
    }
  } catch (e) {
    log(`could not read ${file}: ${message(e)}; starting fresh`);
    return undefined;
  }
}

/** Parses JSON lines; torn and garbage lines are skipped and counted. */
export function parseJsonLines(text: string): { entries: { line: string; value: unknown }[]; skipped: number } {
  const entries: { line: string; value: unknown }[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push({ line, value: JSON.parse(line) });
    } catch {
      skipped++;
    }
  }
  return { entries, skipped };
}
