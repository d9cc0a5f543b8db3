/** Shared helpers for the sandbox tests: trace markers a hostile child prints, and leak checks. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';

/** JS snippet that prints the child's temp dir and pid to stderr before the attack. */
export const TRACE = "require('fs').writeSync(2, 'TRACE ' + process.cwd() + ' ' + process.pid + '\\n');";

export function traceOf(text: string): { dir: string; pid: number } {
  const m = /TRACE (\S+) (\d+)/.exec(text);
  assert.ok(m, `no trace marker in output: ${text.slice(0, 500)}`);
  return { dir: m[1] as string, pid: Number(m[2]) };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The run's temp dir is gone and its process no longer exists. */
export function assertNoTrace(text: string): void {
  const { dir, pid } = traceOf(text);
  assert.ok(dir.includes('weavergen-sbx-'), `unexpected cwd ${dir}`);
  assert.equal(existsSync(dir), false, `temp dir ${dir} was left behind`);
  assert.equal(isAlive(pid), false, `process ${pid} is still running`);
}

export const randomName = (prefix: string): string => `${prefix}${randomBytes(8).toString('hex')}`;
