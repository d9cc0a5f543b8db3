/** Shared helpers for the sandbox tests: trace markers a hostile child prints, and leak checks. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';

/** JS snippet that prints the child's temp dir, pid and uid to stderr before the attack. */
export const TRACE = "require('fs').writeSync(2, 'TRACE ' + process.cwd() + ' ' + process.pid + ' ' + process.getuid() + '\\n');";

/** The uid a candidate runs as inside bubblewrap's user namespace (its pid is then the namespace's). */
export const SANDBOX_UID = 65534;

export function traceOf(text: string): { dir: string; pid: number; namespaced: boolean } {
  const m = /TRACE (\S+) (\d+)(?: (\d+))?/.exec(text);
  assert.ok(m, `no trace marker in output: ${text.slice(0, 500)}`);
  return { dir: m[1] as string, pid: Number(m[2]), namespaced: Number(m[3]) === SANDBOX_UID };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The run's temp dir is gone and its process no longer exists. Inside bubblewrap the traced pid
 * is the PID namespace's own (not a pid out here); pass the outer pid from `onSpawn` to check it.
 */
export function assertNoTrace(text: string, outerPid?: number): void {
  const { dir, pid, namespaced } = traceOf(text);
  assert.ok(dir.includes('weavergen-sbx-'), `unexpected cwd ${dir}`);
  assert.equal(existsSync(dir), false, `temp dir ${dir} was left behind`);
  if (!namespaced) assert.equal(isAlive(pid), false, `process ${pid} is still running`);
  if (outerPid !== undefined) assert.equal(isAlive(outerPid), false, `process ${outerPid} is still running`);
}

export const randomName = (prefix: string): string => `${prefix}${randomBytes(8).toString('hex')}`;
