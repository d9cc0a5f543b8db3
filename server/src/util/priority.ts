/**
 * Lower the CPU priority of background work, so that on a machine with few cores the
 * operating system runs the language server's main thread first when both want the CPU.
 * Linux applies a nice value to a single thread when given its thread id; elsewhere the
 * call is skipped. Lowering a priority needs no privilege. Never throws: returns why not.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Nice value for the background pipeline's thread (19 = runs only on CPU time nobody else wants). */
export const BACKGROUND_THREAD_NICE = 19;
/** Nice value for background jobs' sandboxed children (lower than the thread's: they have wall-clock limits). */
export const BACKGROUND_SANDBOX_NICE = 10;

/** Lowers the calling thread's priority (Linux); undefined on success, else the reason. */
export function lowerThisThread(nice: number): string | undefined {
  if (process.platform !== 'linux') return `thread priorities are only set on Linux (this is ${process.platform})`;
  try {
    // A synchronous readlink runs on the calling thread: /proc/thread-self names this thread.
    const tid = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    if (!Number.isInteger(tid) || tid <= 0) return 'could not read this thread\'s id';
    os.setPriority(tid, nice);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Lowers a process's priority (its future children inherit it); undefined on success, else the reason. */
export function lowerProcess(pid: number | undefined, nice: number): string | undefined {
  if (pid === undefined) return 'no process id';
  try {
    os.setPriority(pid, nice);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Lowers a child's priority: its nice value, and, since a child started in a session of its
 * own (setsid: the sandbox's process groups) also gets a scheduling autogroup of its own when
 * the kernel groups by session (sched_autogroup) — where it competes with the whole server as
 * an equal, whatever its nice value — its autogroup's nice too (skipped without autogroups).
 * Undefined on success, else why not.
 */
export function lowerChild(pid: number | undefined, nice: number): string | undefined {
  const reason = lowerProcess(pid, nice);
  if (reason) return reason;
  try {
    fs.writeFileSync(`/proc/${pid}/autogroup`, String(nice));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return e instanceof Error ? e.message : String(e);
  }
  return undefined;
}
