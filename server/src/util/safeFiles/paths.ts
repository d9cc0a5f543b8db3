/**
 * Where a state file may live: strictly inside the storage dir, reached through real
 * directories only. The storage dir itself must be a real directory (never a symlink,
 * wherever it is — inside a workspace or not); its ancestors are the user's and may be
 * symlinks. Every component between the storage dir and the file is checked with `lstat`
 * and must be a real directory; the file itself must not be a symlink. Writers then open
 * with O_NOFOLLOW, so even a link planted after the check is not followed at the last step.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** O_NOFOLLOW where the platform has it (not on Windows, where the lstat checks remain). */
export const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
export const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/** A state path refused because of a symlink, a non-directory component, or a name outside the storage dir. */
export class UnsafeStatePathError extends Error {
  readonly code = 'EUNSAFESTATE';
  /** `file`: the file itself is a symlink (the directories above it were checked and are real). */
  constructor(message: string, readonly at: 'outside' | 'dir' | 'file' = 'dir') {
    super(message);
  }
}

export const isUnsafeStatePath = (e: unknown): e is UnsafeStatePathError => e instanceof UnsafeStatePathError;

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    if (codeOf(e) === 'ENOENT' || codeOf(e) === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** The path of `rel` inside `root`; throws when it would leave the storage dir. */
export function insideRoot(root: string, rel: string): string {
  const base = path.resolve(root);
  const target = path.resolve(base, rel);
  const r = path.relative(base, target);
  if (!r || r === '..' || r.startsWith(`..${path.sep}`) || path.isAbsolute(r)) throw new UnsafeStatePathError(`${rel} is not inside the storage dir ${base}`, 'outside');
  return target;
}

/** A directory that must be real: missing → created (when `create`) or undefined; a symlink or a file → refused. */
function realDir(dir: string, create: boolean, what: string, mkdir: () => void): boolean {
  let st = lstatOrUndefined(dir);
  if (!st && create) {
    try {
      mkdir();
    } catch (e) {
      if (codeOf(e) !== 'EEXIST') throw e;
    }
    st = lstatOrUndefined(dir);
  }
  if (!st) return false;
  if (st.isSymbolicLink()) throw new UnsafeStatePathError(`${what} ${dir} is a symlink; refusing to use it`);
  if (!st.isDirectory()) throw new UnsafeStatePathError(`${what} ${dir} is not a directory`);
  return true;
}

/** Checks (and with `create`, makes) `base` and the folders `parts` below it; false when one is missing. */
function walkDirs(base: string, parts: readonly string[], create: boolean): boolean {
  if (!realDir(base, create, 'storage dir', () => fs.mkdirSync(base, { recursive: true, mode: 0o700 }))) return false;
  let cur = base;
  for (const part of parts) {
    const dir = (cur = path.join(cur, part));
    if (!realDir(dir, create, 'state dir', () => fs.mkdirSync(dir, { mode: 0o700 }))) return false;
  }
  return true;
}

/** Makes sure `root/sub` is a real directory reached through real directories (created if missing). */
export function ensureStateDir(root: string, sub: string): string {
  const base = path.resolve(root);
  const dir = sub ? insideRoot(base, sub) : base;
  walkDirs(base, sub ? path.relative(base, dir).split(path.sep) : [], true);
  return dir;
}

/**
 * Checks (and with `create`, makes) the directories from `root` down to the parent of
 * `rel`. Returns the file's absolute path, or undefined when a directory is missing and
 * `create` is false. Throws `UnsafeStatePathError` on a symlink or a file where a directory
 * belongs, and when the file itself is a symlink.
 */
export function checkedStatePath(root: string, rel: string, create: boolean): string | undefined {
  const base = path.resolve(root);
  const target = insideRoot(base, rel);
  if (!walkDirs(base, path.relative(base, target).split(path.sep).slice(0, -1), create)) return undefined;
  if (lstatOrUndefined(target)?.isSymbolicLink()) throw new UnsafeStatePathError(`state file ${target} is a symlink; refusing to follow it`, 'file');
  return target;
}
