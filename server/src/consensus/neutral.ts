/**
 * Inputs that say nothing about any candidate: those on which every candidate that loaded
 * threw the same way (same error name). The probe was invalid for the function (a date
 * parser given 'abc', a validator given ''), or the environment made every candidate fail
 * alike; either way it is not evidence against one of them, so it is left out of every
 * clean-run share and shown as "rejected by every candidate". Pure.
 */
import type { CandidateRun, ProbeResult } from './types';

/** `TypeError: x is not a function` → `TypeError`; an uncaught non-error value → `Uncaught`. */
export function errorName(error: string | undefined): string {
  const m = /^\s*([A-Za-z_$][\w$]*)(?::|\s|$)/.exec(error ?? '');
  return m ? m[1] : '';
}

/** Per input: true when every loaded run threw on it with the same error name. */
export function neutralInputs(runs: CandidateRun[], inputCount: number): boolean[] {
  const loaded = runs.filter((r) => r.loaded && r.results.length === inputCount);
  return Array.from({ length: inputCount }, (_, i) => {
    if (loaded.length === 0) return false;
    const names = new Set(loaded.map((r) => (r.results[i].status === 'threw' ? errorName(r.results[i].error) : undefined)));
    return names.size === 1 && !names.has(undefined);
  });
}

/**
 * Errors that look like a deliberate rejection of the input (`throw new Error('invalid …')`,
 * a RangeError from a check) rather than a crash of the code itself.
 */
export function isRejection(r: ProbeResult): boolean {
  if (r.status !== 'threw') return false;
  const name = errorName(r.error);
  if (name === 'ReferenceError' || name === 'SyntaxError' || name === 'SandboxExit') return false;
  return !/is not a function|is not defined|Cannot read propert|Cannot set propert|Maximum call stack|is not iterable|Cannot convert/.test(r.error ?? '');
}

/**
 * Share of the counted (non-neutral) probes that ran clean. When every probe was neutral
 * nothing was measured: deliberate rejections count as clean (the code did what its inputs
 * deserved), crashes do not.
 */
export function cleanShareOf(results: ProbeResult[], neutral: boolean[] | undefined): number {
  if (results.length === 0) return 1;
  const counted = results.filter((_, i) => !neutral?.[i]);
  if (counted.length === 0) return results.every(isRejection) ? 1 : 0;
  return counted.filter((r) => r.status === 'ok').length / counted.length;
}
