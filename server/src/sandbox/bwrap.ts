/**
 * The OS-level boundary: bubblewrap (`bwrap`, the sandbox Flatpak uses). Every candidate runs in
 * its own user, PID, mount, IPC, UTS, cgroup and network namespaces, as uid/gid 65534, with no
 * capabilities, in a new session, dying with its parent, under a seccomp filter (seccomp.ts),
 * and sees only a read-only /usr (plus the root symlinks into it and the node binary's own
 * directory), a minimal /dev, and its run's temp dir (read-write, at the same path). No /proc,
 * /tmp, /home, /etc, /run or workspace: no process, socket, inspector or file outside exists
 * for it. The Node layers (permission model, stubs, kill guard) stay as defence in depth.
 *
 * bwrap reports a child killed by a signal as exit code 128 + signo (its own pid 1 waits for
 * the child), so `signalOfExit` maps that back for classification.
 */
import { constants } from 'node:os';
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';

export interface BwrapProfile {
  bwrapPath: string;
  /** A seccomp filter is assembled for this architecture and bwrap accepted it. */
  seccomp: boolean;
  /** Read-only view: [source, dest] binds and [target, link] symlinks, computed once. */
  view: string[];
}

/** The fd number bwrap reads the seccomp program from (lifecycle.ts opens the file there). */
export const SECCOMP_FD = 4;
/** The uid/gid the candidate runs as inside its user namespace (nobody). */
export const SANDBOX_UID = 65534;

const ROOT_LINKS = ['/bin', '/lib', '/lib32', '/lib64', '/libx32', '/sbin'];

/** Args giving the child a read-only /usr, the root symlinks (or dirs), and the node binary's dir. */
export function readOnlyView(nodePath: string): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const p of ROOT_LINKS) {
    try {
      const st = lstatSync(p);
      if (st.isSymbolicLink()) args.push('--symlink', readlinkSync(p), p);
      else if (st.isDirectory()) args.push('--ro-bind', p, p);
    } catch {
      // not on this machine
    }
  }
  const nodeDir = dirname(realpathSync(nodePath));
  if (!nodeDir.startsWith('/usr/')) args.push('--ro-bind', nodeDir, nodeDir);
  return args;
}

/** The bwrap part of a command line for a run whose only writable path is `dir`. */
export function bwrapArgs(profile: BwrapProfile, dir: string): string[] {
  return [
    profile.bwrapPath,
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--uid', String(SANDBOX_UID),
    '--gid', String(SANDBOX_UID),
    '--cap-drop', 'ALL',
    '--hostname', 'weavergen-sandbox',
    ...profile.view,
    '--dev', '/dev',
    '--bind', dir, dir,
    '--chdir', dir,
    ...(profile.seccomp ? ['--seccomp', String(SECCOMP_FD)] : []),
    '--',
  ];
}

/** bwrap's exit code 128+N for a child killed by signal N, as that signal's name. */
export function signalOfExit(exitCode: number | null): NodeJS.Signals | null {
  if (exitCode === null || exitCode <= 128 || exitCode >= 128 + 65) return null;
  const n = exitCode - 128;
  const entry = Object.entries(constants.signals).find(([, v]) => v === n);
  return entry ? (entry[0] as NodeJS.Signals) : null;
}
