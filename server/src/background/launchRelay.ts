/**
 * Server side of remoteLauncher.ts: starts the background worker's sandboxed children with
 * this thread's launcher (the spawner helper) and sends back their pid and their end. A
 * `kill` aborts one; `abortAll` kills every one still running (the worker went away).
 */
import type { ChildEnd, ChildSpec } from '../sandbox/lifecycle';
import { sandboxLauncher } from '../sandbox/spawner/client';
import type { ToPipeline } from './protocol';

export class LaunchRelay {
  private readonly running = new Map<number, AbortController>();

  /** `post` sends to the worker that asked (nothing is sent once `alive()` turns false). */
  constructor(private readonly post: (m: ToPipeline) => void, private readonly alive: () => boolean) {}

  launch(id: number, spec: ChildSpec): void {
    const controller = new AbortController();
    this.running.set(id, controller);
    const send = (m: ToPipeline) => { if (this.alive()) this.post(m); };
    sandboxLauncher().launch(spec, { signal: controller.signal, onSpawn: (pid) => send({ type: 'spawned', launch: id, pid }) }).then(
      (launched) => send({ type: 'launched', launch: id, launched }),
      (e: unknown) => {
        const end: ChildEnd = { exitCode: null, signal: null, stdout: '', stderr: '', channel: '', durationMs: 0, spawnError: e instanceof Error ? e.message : String(e) };
        send({ type: 'launched', launch: id, launched: { end, launch: { via: 'in-process', reason: 'the server could not start it' } } });
      },
    ).finally(() => this.running.delete(id));
  }

  kill(id: number): void {
    this.running.get(id)?.abort();
  }

  abortAll(): void {
    for (const c of this.running.values()) c.abort();
  }
}
