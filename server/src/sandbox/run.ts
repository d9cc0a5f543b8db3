/**
 * `runSandboxed`: writes the job's files into a fresh temp dir, runs the entry file under
 * every isolation layer the machine offers, enforces wall time / output caps / cancellation
 * by killing the whole process group, always removes the temp dir, and classifies the end.
 * The child is started by the spawner helper (spawner/client.ts), so the fork does not block
 * the server's main thread; lifecycle.ts is the child's supervision, wherever it runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { classifyEnd, type SandboxOutcome } from './classify';
import { buildCommand, type SandboxLayer } from './command';
import { getIsolation, scrubbedEnv, type IsolationProfile } from './isolation';
import { resolveLimits, type SandboxLimits } from './limits';
import { launchInProcess, type SandboxLaunch } from './launch';
import type { ChildSpec } from './lifecycle';
import { preloadSource } from './netStubs';
import { sandboxLauncher, type ChildLauncher } from './spawner/client';
import { signalOfExit } from './bwrap';
import { seccompProgram } from './seccomp';

export interface SandboxJob {
  /** Relative path → contents, written into a fresh temp dir. */
  files: Record<string, string>;
  /** Relative path of the file node runs. */
  entry: string;
  limits?: Partial<SandboxLimits>;
  signal?: AbortSignal;
  /** Written to the child's stdin, which is then closed. */
  stdin?: string;
  /** Capture fd 3 of the child (the harness's private channel) up to this many bytes. */
  channelBytes?: number;
  /** Called with the child's pid (= its process group) once it is spawned. */
  onSpawn?: (pid: number) => void;
  /** Use this profile instead of the probed one (tests use it to force fallbacks). */
  isolation?: IsolationProfile;
  /**
   * Who starts the child: by default this thread's launcher (sandboxLauncher: the spawner helper,
   * or in the background worker a relay to the server's), so the fork happens in the small
   * helper, not in the server; 'in-process' forces the fallback (benchmarks, tests).
   */
  spawner?: ChildLauncher | 'in-process';
  /** Let the child start worker threads (the probe harness runs the candidate in one). */
  allowWorker?: boolean;
}

export interface SandboxRun {
  outcome: SandboxOutcome;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The isolation layers that were active for this run. */
  layers: SandboxLayer[];
  limitHit?: string;
  /** fd 3 contents, when `channelBytes` was set. */
  channel?: string;
  /** How the child was started: by the spawner helper, or in-process (and why). Absent when it never started. */
  launch?: SandboxLaunch;
}

const PRELOAD_FILE = '.weavergen-preload.js';
const SECCOMP_FILE = '.weavergen-seccomp.bpf';

/** Rejects absolute paths and `..` so job files land inside the temp dir. */
function safeRelative(path: string): string {
  const norm = normalize(path);
  if (isAbsolute(norm) || norm === '..' || norm.startsWith(`..${sep}`) || norm === PRELOAD_FILE || norm === SECCOMP_FILE) {
    throw new TypeError(`sandbox file path must be relative and inside the temp dir: ${path}`);
  }
  return norm;
}

const cancelledRun = (layers: SandboxLayer[] = []): SandboxRun => ({
  outcome: 'cancelled', exitCode: null, signal: null, stdout: '', stderr: '', durationMs: 0, layers,
});

export async function runSandboxed(job: SandboxJob): Promise<SandboxRun> {
  if (job.signal?.aborted) return cancelledRun();
  const limits = resolveLimits(job.limits);
  const profile = job.isolation ?? (await getIsolation());
  const entry = safeRelative(job.entry);
  const files = Object.entries(job.files).map(([p, text]) => [safeRelative(p), text] as const);
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'weavergen-sbx-')));
  try {
    for (const [rel, text] of files) {
      await mkdir(dirname(join(dir, rel)), { recursive: true });
      await writeFile(join(dir, rel), text);
    }
    await writeFile(join(dir, PRELOAD_FILE), preloadSource(!profile.permission, limits.wallMs + 2000));
    const filter = profile.bwrap?.seccomp ? seccompProgram() : undefined;
    if (filter) await writeFile(join(dir, SECCOMP_FILE), filter, { mode: 0o400 });
    const cmd = buildCommand(profile, { dir, entryPath: join(dir, entry), preloadPath: join(dir, PRELOAD_FILE), limits, allowWorker: job.allowWorker });
    if (job.signal?.aborted) return cancelledRun(cmd.layers);
    return await spawnAndWait(job, limits, profile, dir, cmd, filter ? join(dir, SECCOMP_FILE) : undefined);
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function spawnAndWait(
  job: SandboxJob,
  limits: SandboxLimits,
  profile: IsolationProfile,
  dir: string,
  cmd: ReturnType<typeof buildCommand>,
  seccompFile: string | undefined,
): Promise<SandboxRun> {
  const spec: ChildSpec = {
    command: cmd.command,
    args: cmd.args,
    cwd: dir,
    env: scrubbedEnv(profile),
    stdin: job.stdin ?? '',
    channelBytes: job.channelBytes ?? 0,
    wallMs: limits.wallMs,
    maxOutputBytes: limits.maxOutputBytes,
    ...(seccompFile ? { seccompFile } : {}),
  };
  const hooks = { signal: job.signal, onSpawn: job.onSpawn };
  const spawner = job.spawner ?? sandboxLauncher();
  const { end: child, launch } = spawner === 'in-process'
    ? await launchInProcess(spec, hooks, 'requested by the caller')
    : await spawner.launch(spec, hooks);
  const err = child.spawnError ? `\nWeaverGen sandbox: spawn failed: ${child.spawnError}` : '';
  const stderr = child.stderr + err;
  // Inside bwrap the child is not ours to wait for: its death by signal N arrives as exit 128+N.
  const signal = child.signal ?? (profile.bwrap ? signalOfExit(child.exitCode) : null);
  const end = { killedBy: child.killedBy, exitCode: signal && !child.signal ? null : child.exitCode, signal, stderr, durationMs: child.durationMs, cpuLimited: profile.prlimit !== null };
  const { outcome, limitHit } = classifyEnd(end, limits);
  return {
    outcome: child.spawnError && !child.killedBy ? 'crashed' : outcome,
    exitCode: end.exitCode,
    signal,
    stdout: child.stdout,
    stderr,
    durationMs: child.durationMs,
    layers: cmd.layers,
    launch,
    ...(limitHit ? { limitHit } : {}),
    ...(job.channelBytes ? { channel: child.channel } : {}),
  };
}

/** A fresh random token the child can only learn from the parent (tests and harnesses). */
export const newNonce = (): string => `WG${randomBytes(16).toString('hex')}`;
