/**
 * One sandboxed child from spawn to close: stdin write, stdout/stderr/fd 3 capture with caps,
 * wall timer, process-group kill (on timeout, output cap, cancel, and at the end for anything
 * the child left in its group). Used in the spawner helper (spawner/sandboxSpawner.ts) and,
 * as the fallback, in the server itself. No classification here: the caller gets what it saw.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { CappedBuffer } from './capture';
import type { KillReason } from './classify';
import { lowerChild } from '../util/priority';

/** Everything needed to start the child; all computed by the server (run.ts). Serialisable. */
export interface ChildSpec {
  command: string;
  args: string[];
  cwd: string;
  /** The scrubbed env (isolation.ts scrubbedEnv): nothing else reaches the child. */
  env: Record<string, string>;
  stdin: string;
  /** Capture fd 3 up to this many bytes (0 = fd 3 is not opened). */
  channelBytes: number;
  wallMs: number;
  maxOutputBytes: number;
  /** Run the child at this lower priority (a background job's run; default: the starting process's). */
  nice?: number;
  /** A compiled seccomp program the child (bwrap) reads from fd SECCOMP_FD (bwrap.ts). */
  seccompFile?: string;
}

/** What the parent saw of the child's end. Serialisable. */
export interface ChildEnd {
  killedBy?: KillReason;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  channel: string;
  durationMs: number;
  /** The spawn itself failed (e.g. the binary is missing). */
  spawnError?: string;
}

export interface SupervisedChild {
  /** The child's pid (= its process group), undefined when the spawn failed. */
  pid: number | undefined;
  kill(reason: KillReason): void;
  done: Promise<ChildEnd>;
}

export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function superviseChild(spec: ChildSpec): SupervisedChild {
  const started = performance.now();
  const filterFd = spec.seccompFile ? openSync(spec.seccompFile, 'r') : undefined;
  // fd 4 (SECCOMP_FD in bwrap.ts) carries the seccomp program; the parent's copy closes right after the spawn.
  const stdio: StdioOptions = ['pipe', 'pipe', 'pipe', spec.channelBytes ? 'pipe' : 'ignore', ...(filterFd === undefined ? [] : [filterFd])];
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, detached: true, stdio });
  } finally {
    if (filterFd !== undefined) closeSync(filterFd);
  }
  if (spec.nice) lowerChild(child.pid, spec.nice);
  let killedBy: KillReason | undefined;
  const kill = (reason: KillReason) => {
    killedBy ??= reason;
    killGroup(child.pid);
  };
  const stdout = new CappedBuffer(spec.maxOutputBytes, () => kill('output-limit'));
  const stderr = new CappedBuffer(spec.maxOutputBytes, () => kill('output-limit'));
  const channel = new CappedBuffer(spec.channelBytes || 1, () => kill('output-limit'));
  stdout.attach(child.stdout);
  stderr.attach(child.stderr);
  if (spec.channelBytes) channel.attach(child.stdio[3] as NodeJS.ReadableStream as never);
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(spec.stdin);
  const timer = setTimeout(() => kill('timeout'), spec.wallMs);
  const done = new Promise<ChildEnd>((resolve) => {
    let spawnError: Error | undefined;
    let settled = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup(child.pid); // anything the child left in its group goes too
      resolve({
        ...(killedBy ? { killedBy } : {}),
        exitCode,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        channel: spec.channelBytes ? channel.text() : '',
        durationMs: Math.round(performance.now() - started),
        ...(spawnError ? { spawnError: spawnError.message } : {}),
      });
    };
    child.on('error', (e) => {
      spawnError = e;
      if (child.pid === undefined) finish(null, null); // never started: no 'close' to wait for
    });
    child.on('close', finish);
  });
  return { pid: child.pid, kill, done };
}
