/**
 * The server side of the spawner helper (sandboxSpawner.ts): starts it once, lazily, with a
 * minimal env; asks it over IPC to start each sandboxed child with the command line, scrubbed
 * env and limits the server computed; and gets back the pid and the child's end. The fork of
 * each child then happens in the small helper, not on the server's main thread.
 *
 * - The helper is the bundle `sandboxSpawner.js` next to this module's bundle (dist/), or,
 *   from source, `sandboxSpawner.ts` run through tsx. Without either, or with
 *   WEAVERGEN_SANDBOX_SPAWNER=0, runs start in-process (launch.ts) and say why.
 * - If the helper dies after it was ready, its pending runs' process groups are killed from here
 *   and those runs end as crashed: a run is never repeated in-process, where the server would be
 *   the candidate's parent (a candidate that kills its helper must not get a second, weaker
 *   sandbox). Runs posted to a helper that died before it was ready never started: they run
 *   in-process. The next run starts a new helper. After `maxStartFailures` helpers in a row die
 *   before saying ready, runs stay in-process.
 * - Cancellation: an abort asks the helper to SIGKILL the group; the end then says 'cancelled'.
 * - When the server dies, the IPC channel closes and the helper kills all its groups.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { killGroup, type ChildEnd, type ChildSpec } from '../lifecycle';
import { launchInProcess, type Launched, type LaunchHooks } from '../launch';
import type { FromSpawner, ToSpawner } from './protocol';
import { resolveBundledScript, type ResolvedScript } from '../../util/bundledScript';

export interface SpawnerOptions {
  /** Helper script (.js, or .ts run through tsx); default: resolved next to this module. */
  file?: string;
  /** Node binary for the helper (default: this process's). */
  nodePath?: string;
  /** Always start children in-process; the string is the reason reported. */
  inProcess?: string;
  /** Helpers in a row that may die before 'ready' before staying in-process (default 3). */
  maxStartFailures?: number;
  /** Extra time past the wall clock before a silent helper is presumed hung (default 5000 ms). */
  graceMs?: number;
}

type Resolved = ResolvedScript;

/** Where the helper script is: the bundle next to dist/server.js, or the source under tsx. */
export function resolveSpawnerFile(dir: string = __dirname): Resolved {
  return resolveBundledScript(dir, 'sandboxSpawner', 'spawner');
}

/** The helper's whole environment: no API keys, nothing inherited. */
export function spawnerEnv(): Record<string, string> {
  return { TZ: 'UTC', LANG: 'C', ...(process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}) };
}

interface Pending {
  spec: ChildSpec;
  hooks: LaunchHooks;
  helper: ChildProcess;
  pid?: number;
  guard: NodeJS.Timeout;
  resolve(v: Launched): void;
  cleanup(): void;
}

const cancelledEnd = (): ChildEnd => ({ killedBy: 'cancelled', exitCode: null, signal: null, stdout: '', stderr: '', channel: '', durationMs: 0 });
const helperDiedEnd = (why: string): ChildEnd => ({
  exitCode: null, signal: null, stdout: '', stderr: '', channel: '', durationMs: 0, spawnError: `${why} during the run; the run is not repeated`,
});

export class SandboxSpawner {
  private helper: ChildProcess | undefined;
  private ready = false;
  private readonly pending = new Map<number, Pending>();
  private readonly exitWaiters: (() => void)[] = [];
  private nextId = 1;
  private startFailures = 0;
  private fixedReason: string | undefined;
  private readonly target: Resolved;
  private disposed = false;

  constructor(private readonly options: SpawnerOptions = {}) {
    this.fixedReason = options.inProcess;
    this.target = options.file ? { file: options.file, tsx: /\.ts$/.test(options.file) } : resolveSpawnerFile();
  }

  /** Why runs start in-process, if they all do. */
  get reason(): string | undefined {
    return this.fixedReason ?? ('reason' in this.target ? this.target.reason : undefined);
  }

  /** The running helper's pid, if one is running. */
  get pid(): number | undefined {
    return this.helper?.pid;
  }

  /** Resolves when the current helper (if any) has exited. */
  helperGone(): Promise<void> {
    if (!this.helper) return Promise.resolve();
    this.helper.ref(); // someone waits for it: keep the loop alive until it exits
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  /** Starts the child described by `spec` (in the helper when possible) and waits for its end. */
  launch(spec: ChildSpec, hooks: LaunchHooks = {}): Promise<Launched> {
    if (this.disposed) return launchInProcess(spec, hooks, 'the sandbox spawner is disposed');
    const helper = this.ensureHelper();
    if (!helper) return launchInProcess(spec, hooks, this.reason ?? 'the sandbox spawner is not running');
    const id = this.nextId++;
    return new Promise<Launched>((resolve) => {
      const onAbort = () => this.post(helper, { type: 'kill', id, reason: 'cancelled' });
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      // A helper that stays silent past the wall clock is presumed hung: kill it, re-run here.
      const guard = setTimeout(() => helper.kill('SIGKILL'), spec.wallMs + (this.options.graceMs ?? 5000));
      guard.unref();
      const cleanup = () => {
        clearTimeout(guard);
        hooks.signal?.removeEventListener('abort', onAbort);
      };
      this.pending.set(id, { spec, hooks, helper, guard, resolve, cleanup });
      this.hold(helper, true);
      this.post(helper, { type: 'run', id, spec });
      if (hooks.signal?.aborted) onAbort();
    });
  }

  /** Stops the helper (it kills its children); pending runs end as cancelled. */
  dispose(): void {
    this.disposed = true;
    this.helper?.kill('SIGTERM');
  }

  private post(helper: ChildProcess, m: ToSpawner): void {
    if (!helper.connected) return; // its exit handler settles the pending runs
    try {
      helper.send(m);
    } catch {
      // the channel just closed: same
    }
  }

  private ensureHelper(): ChildProcess | undefined {
    if (this.helper) return this.helper;
    if (this.reason !== undefined || !('file' in this.target)) return undefined;
    const { file, tsx } = this.target;
    // Under tsx's own loaders require.resolve can carry a `?namespace=` query: not a file name.
    const args = tsx ? ['--require', require.resolve('tsx/cjs').replace(/\?.*$/, ''), file] : [file];
    const helper = spawn(this.options.nodePath ?? process.execPath, args, {
      env: spawnerEnv(),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    this.helper = helper;
    this.ready = false;
    this.hold(helper, false);
    helper.on('message', (m: FromSpawner) => this.onMessage(helper, m));
    helper.on('error', (e) => this.onGone(helper, `sandbox spawner failed: ${e.message}`));
    helper.on('exit', (code, signal) => this.onGone(helper, `sandbox spawner exited (${signal ?? `code ${code}`})`));
    return helper;
  }

  private onMessage(helper: ChildProcess, m: FromSpawner): void {
    if (m.type === 'ready') {
      this.ready = true;
      this.startFailures = 0;
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'spawned') {
      p.pid = m.pid;
      p.hooks.onSpawn?.(m.pid);
    } else {
      this.settle(m.id)?.resolve({ end: m.end, launch: { via: 'spawner', helperPid: helper.pid ?? 0 } });
    }
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    if (!p) return undefined;
    this.pending.delete(id);
    p.cleanup();
    if (this.pending.size === 0 && this.helper) this.hold(this.helper, false);
    return p;
  }

  /** Runs in flight keep the event loop alive (as their own child would); an idle helper does not. */
  private hold(helper: ChildProcess, on: boolean): void {
    if (on) {
      helper.ref();
      helper.channel?.ref();
    } else {
      helper.unref();
      helper.channel?.unref();
    }
  }

  private onGone(helper: ChildProcess, why: string): void {
    if (this.helper !== helper) return;
    this.helper = undefined;
    const wasReady = this.ready;
    if (!this.ready && ++this.startFailures >= (this.options.maxStartFailures ?? 3)) {
      this.fixedReason = `${why} before it was ready, ${this.startFailures} times`;
    }
    for (const [id, p] of [...this.pending]) {
      if (p.helper !== helper) continue;
      this.settle(id);
      killGroup(p.pid); // the helper cannot any more
      if (this.disposed || p.hooks.signal?.aborted) p.resolve({ end: cancelledEnd(), launch: { via: 'in-process', reason: why } });
      else if (wasReady) p.resolve({ end: helperDiedEnd(why), launch: { via: 'spawner', helperPid: helper.pid ?? 0 } });
      else void launchInProcess(p.spec, p.hooks, `${why}; re-run in-process`).then(p.resolve);
    }
    for (const w of this.exitWaiters.splice(0)) w();
  }
}

let shared: SandboxSpawner | undefined;
let launcher: ChildLauncher | undefined;

/** This thread's spawner, created on first use (WEAVERGEN_SANDBOX_SPAWNER=0 keeps runs in-process). */
export function getSandboxSpawner(): SandboxSpawner {
  shared ??= new SandboxSpawner(process.env.WEAVERGEN_SANDBOX_SPAWNER === '0' ? { inProcess: 'WEAVERGEN_SANDBOX_SPAWNER=0' } : {});
  return shared;
}

/** What starts sandboxed children: the spawner, or (in a worker thread) a relay to the server's spawner. */
export interface ChildLauncher {
  launch(spec: ChildSpec, hooks?: LaunchHooks): Promise<Launched>;
}

/** Children of this thread are started by `l` from now on (background/remoteLauncher.ts); undefined = this thread's spawner. */
export function setSandboxLauncher(l: ChildLauncher | undefined): void {
  launcher = l;
}

/** Who starts this thread's sandboxed children: the relay when one is set, else the spawner. */
export function sandboxLauncher(): ChildLauncher {
  return launcher ?? getSandboxSpawner();
}

/** Stops the shared spawner; the next run creates a new one. */
export function resetSandboxSpawner(): void {
  shared?.dispose();
  shared = undefined;
}
