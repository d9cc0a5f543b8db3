/**
 * Resource limits for one sandboxed run, with the defaults every caller gets.
 * `cpuSeconds` defaults to one second more than the wall clock, so a busy loop is
 * normally stopped by the wall timer and RLIMIT_CPU is the backstop.
 */
export interface SandboxLimits {
  /** Wall-clock limit for the whole child process, spawn to exit. */
  wallMs: number;
  /** RLIMIT_CPU soft limit (SIGXCPU); the hard limit is one second more (SIGKILL). */
  cpuSeconds: number;
  /** V8 old-space cap; RLIMIT_DATA is set to 2 × this + 128 MiB for buffers and V8 itself. */
  memoryMb: number;
  /** Cap on each of stdout and stderr; exceeding it kills the run ('output-limit'). */
  maxOutputBytes: number;
  /** RLIMIT_FSIZE: the largest file the child may write inside its temp dir. */
  maxFileBytes: number;
}

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  wallMs: 2000,
  cpuSeconds: 3,
  memoryMb: 256,
  maxOutputBytes: 64 * 1024,
  maxFileBytes: 8 * 1024 * 1024,
});

const positive = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Fills in defaults; a missing `cpuSeconds` follows the (possibly overridden) wall clock. */
export function resolveLimits(partial: Partial<SandboxLimits> = {}): SandboxLimits {
  const wallMs = positive(partial.wallMs) ? Math.ceil(partial.wallMs) : DEFAULT_LIMITS.wallMs;
  return {
    wallMs,
    cpuSeconds: positive(partial.cpuSeconds) ? Math.ceil(partial.cpuSeconds) : Math.ceil(wallMs / 1000) + 1,
    memoryMb: positive(partial.memoryMb) ? Math.ceil(partial.memoryMb) : DEFAULT_LIMITS.memoryMb,
    maxOutputBytes: positive(partial.maxOutputBytes) ? Math.ceil(partial.maxOutputBytes) : DEFAULT_LIMITS.maxOutputBytes,
    maxFileBytes: positive(partial.maxFileBytes) ? Math.ceil(partial.maxFileBytes) : DEFAULT_LIMITS.maxFileBytes,
  };
}

/** RLIMIT_DATA in bytes for a given heap cap: V8 needs room beyond the JS heap. */
export const dataLimitBytes = (memoryMb: number): number => (2 * memoryMb + 128) * 1024 * 1024;
