/**
 * The spawner helper: a small long-lived Node process that starts sandboxed children for the
 * language server, so the fork (which copies the parent's page tables: 12-36 ms for a ~400 MB
 * server, ~1-2 ms for this ~40 MB helper) happens on the helper's thread, not the server's.
 *
 * It never runs untrusted code itself: it only spawns the exact command lines the server
 * computed (lifecycle.ts), with the exact scrubbed env it was given. It is started with a
 * minimal env (no API keys). When the server goes away (IPC disconnect) or it is told to stop,
 * it SIGKILLs every process group it started, then exits.
 * Bundled as dist/sandboxSpawner.js (esbuild.mjs); run through tsx from source in tests.
 */
import { superviseChild, type SupervisedChild } from '../lifecycle';
import type { FromSpawner, ToSpawner } from './protocol';

function main(): void {
  const send = process.send?.bind(process);
  if (!send) {
    process.stderr.write('sandboxSpawner: must be started with an IPC channel\n');
    process.exit(2);
  }
  const live = new Map<number, SupervisedChild>();
  const post = (m: FromSpawner) => {
    if (process.connected) send(m);
  };
  const shutdown = () => {
    for (const c of live.values()) c.kill('cancelled');
    process.exit(0);
  };
  process.on('disconnect', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('message', (m: ToSpawner) => {
    if (m.type === 'run') {
      if (live.has(m.id)) return;
      const child = superviseChild(m.spec);
      live.set(m.id, child);
      if (child.pid !== undefined) post({ type: 'spawned', id: m.id, pid: child.pid });
      void child.done.then((end) => {
        live.delete(m.id);
        post({ type: 'end', id: m.id, end });
      });
    } else if (m.type === 'kill') {
      live.get(m.id)?.kill(m.reason);
    }
  });
  post({ type: 'ready', pid: process.pid });
}

main();
