/**
 * Starting one sandboxed child in the server process itself: the fallback when the spawner
 * helper (spawner/client.ts) is unavailable. The fork happens on the calling thread, which
 * for a large server costs tens of milliseconds of main-thread time per run.
 */
import { markStage } from '../util/mainThreadStage';
import { superviseChild, type ChildEnd, type ChildSpec } from './lifecycle';

/** How a run's child was started, reported in `SandboxRun.launch`. */
export type SandboxLaunch =
  | { via: 'spawner'; helperPid: number }
  | { via: 'in-process'; reason: string };

export interface LaunchHooks {
  signal?: AbortSignal;
  /** Called with the child's pid (= its process group) once it is spawned. */
  onSpawn?: (pid: number) => void;
}

export interface Launched {
  end: ChildEnd;
  launch: SandboxLaunch;
}

export async function launchInProcess(spec: ChildSpec, hooks: LaunchHooks, reason: string): Promise<Launched> {
  markStage('sandbox.spawn');
  const child = superviseChild(spec);
  const onAbort = () => child.kill('cancelled');
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  if (hooks.signal?.aborted) onAbort();
  if (child.pid !== undefined) hooks.onSpawn?.(child.pid);
  try {
    return { end: await child.done, launch: { via: 'in-process', reason } };
  } finally {
    markStage('sandbox.end');
    hooks.signal?.removeEventListener('abort', onAbort);
  }
}
