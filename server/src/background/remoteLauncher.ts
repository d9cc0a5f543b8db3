/**
 * Worker side: sandboxed children are started by the server's spawner helper, not from this
 * thread. Any fork of the language server process — from whichever thread — copies its page
 * tables and stalls every thread, the main one included, for 10-30 ms; the server's helper
 * is a small process started once. Each background child runs at `nice` (lower priority).
 */
import type { LaunchHooks, Launched } from '../sandbox/launch';
import type { ChildSpec } from '../sandbox/lifecycle';
import type { ChildLauncher } from '../sandbox/spawner/client';
import type { FromPipeline } from './protocol';

interface PendingLaunch {
  hooks: LaunchHooks;
  resolve(l: Launched): void;
  cleanup(): void;
}

export class RemoteLauncher implements ChildLauncher {
  private readonly pending = new Map<number, PendingLaunch>();
  private next = 1;

  constructor(private readonly post: (m: FromPipeline) => void, private readonly nice: number) {}

  launch(spec: ChildSpec, hooks: LaunchHooks = {}): Promise<Launched> {
    const launch = this.next++;
    return new Promise<Launched>((resolve) => {
      // A cancelled run is killed by the server; its end (killedBy 'cancelled') still comes back.
      const onAbort = () => this.post({ type: 'kill', launch });
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(launch, { hooks, resolve, cleanup: () => hooks.signal?.removeEventListener('abort', onAbort) });
      this.post({ type: 'launch', launch, spec: { ...spec, nice: Math.max(spec.nice ?? 0, this.nice) } });
      if (hooks.signal?.aborted) onAbort();
    });
  }

  spawned(launch: number, pid: number): void {
    this.pending.get(launch)?.hooks.onSpawn?.(pid);
  }

  launched(launch: number, launched: Launched): void {
    const p = this.pending.get(launch);
    if (!p) return;
    this.pending.delete(launch);
    p.cleanup();
    p.resolve(launched);
  }
}
