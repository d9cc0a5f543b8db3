/**
 * Pure classification of how a sandboxed child ended, from what the parent saw:
 * who killed it (us, for wall time / output / cancel), its exit code or signal, and stderr.
 */
import type { SandboxLimits } from './limits';

export type SandboxOutcome =
  | 'ok'
  | 'error'
  | 'timeout'
  | 'cpu-limit'
  | 'memory-limit'
  | 'output-limit'
  | 'denied'
  | 'crashed'
  | 'cancelled';

/** Why the parent killed the child, if it did. */
export type KillReason = 'timeout' | 'output-limit' | 'cancelled';

export interface EndState {
  killedBy?: KillReason;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  durationMs: number;
  /** True when RLIMIT_CPU was applied (so an unexplained SIGKILL can be the hard CPU limit). */
  cpuLimited: boolean;
}

const MEMORY_PATTERNS = [
  'JavaScript heap out of memory',
  'Reached heap limit',
  'Array buffer allocation failed',
  'std::bad_alloc',
  'Cannot allocate memory',
  'ENOMEM',
];
const DENIED_PATTERNS = ['ERR_ACCESS_DENIED', 'ERR_DLOPEN_DISABLED'];

export function classifyEnd(end: EndState, limits: SandboxLimits): { outcome: SandboxOutcome; limitHit?: string } {
  if (end.killedBy === 'cancelled') return { outcome: 'cancelled' };
  if (end.killedBy === 'timeout') return { outcome: 'timeout', limitHit: `wall clock ${limits.wallMs} ms` };
  if (end.killedBy === 'output-limit') return { outcome: 'output-limit', limitHit: `output ${limits.maxOutputBytes} bytes` };
  const cpu = { outcome: 'cpu-limit' as const, limitHit: `cpu ${limits.cpuSeconds} s` };
  const memory = { outcome: 'memory-limit' as const, limitHit: `memory ${limits.memoryMb} MiB` };
  if (end.signal === 'SIGXCPU') return cpu;
  if (end.signal === 'SIGXFSZ') return { outcome: 'output-limit', limitHit: `file size ${limits.maxFileBytes} bytes` };
  if (end.exitCode === 0 && end.signal === null) return { outcome: 'ok' };
  if (MEMORY_PATTERNS.some((p) => end.stderr.includes(p))) return memory;
  if (end.signal === 'SIGKILL') {
    // Not our kill: the hard RLIMIT_CPU (soft + 1 s) or the kernel's OOM killer.
    return end.cpuLimited && end.durationMs >= limits.cpuSeconds * 1000 ? cpu : memory;
  }
  if (end.signal === 'SIGABRT' || end.signal === 'SIGSEGV' || end.signal === 'SIGBUS') {
    return end.signal === 'SIGABRT' ? memory : { outcome: 'crashed' };
  }
  if (end.signal !== null) return { outcome: 'crashed' };
  if (DENIED_PATTERNS.some((p) => end.stderr.includes(p))) return { outcome: 'denied' };
  return { outcome: 'error' };
}
