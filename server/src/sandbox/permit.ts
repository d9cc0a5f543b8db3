/**
 * Whether candidate code may run here, and if not, why: one rule for every caller (generation,
 * test generation, foreground and background). Execution needs the setting on, a trusted
 * workspace, and the OS-level boundary (bubblewrap, bwrap.ts) — or the user's explicit opt-in
 * (`weavergen.execution.allowWithoutOsSandbox`, a machine-scoped setting) to run under the
 * remaining in-process layers where bubblewrap is missing (macOS, Windows, no user namespaces).
 */
import type { IsolationProfile } from './isolation';

export interface ExecutionPermit {
  allowed: boolean;
  reason?: string;
}

export interface PermitSettings {
  enabled: boolean;
  allowWithoutOsSandbox: boolean;
}

export function executionPermit(settings: PermitSettings, trusted: boolean, isolation: Pick<IsolationProfile, 'bwrap' | 'notes'> | undefined): ExecutionPermit {
  if (!settings.enabled) return { allowed: false, reason: 'execution is switched off (weavergen.execution.enabled is false)' };
  if (!trusted) return { allowed: false, reason: 'the workspace is not trusted' };
  if (isolation?.bwrap || settings.allowWithoutOsSandbox) return { allowed: true };
  const why = isolation?.notes.find((n) => n.startsWith('bwrap:'))?.slice('bwrap: '.length) ?? 'the isolation probe failed';
  return {
    allowed: false,
    reason: `no OS-level sandbox on this machine (${why}); set weavergen.execution.allowWithoutOsSandbox to run candidates under the remaining in-process layers`,
  };
}
