/**
 * `runSandboxed`: writes the job's files into a fresh temp dir, runs the entry file under
 * every isolation layer the machine offers, enforces wall time / output caps / cancellation
 * by killing the whole process group, always removes the temp dir, and classifies the end.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { CappedBuffer } from './capture';
import { classifyEnd, type KillReason, type SandboxOutcome } from './classify';
import { buildCommand, type SandboxLayer } from './command';
import { getIsolation, scrubbedEnv, type IsolationProfile } from './isolation';
import { resolveLimits, type SandboxLimits } from './limits';
import { preloadSource } from './netStubs';
import { markStage } from '../util/mainThreadStage';

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
}

const PRELOAD_FILE = '.weavergen-preload.js';

/** Rejects absolute paths and `..` so job files land inside the temp dir. */
function safeRelative(path: string): string {
  const norm = normalize(path);
  if (isAbsolute(norm) || norm === '..' || norm.startsWith(`..${sep}`) || norm === PRELOAD_FILE) {
    throw new TypeError(`sandbox file path must be relative and inside the temp dir: ${path}`);
  }
  return norm;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
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
    const cmd = buildCommand(profile, { dir, entryPath: join(dir, entry), preloadPath: join(dir, PRELOAD_FILE), limits });
    if (job.signal?.aborted) return cancelledRun(cmd.layers);
    return await spawnAndWait(job, limits, profile, dir, cmd);
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

function spawnAndWait(
  job: SandboxJob,
  limits: SandboxLimits,
  profile: IsolationProfile,
  dir: string,
  cmd: ReturnType<typeof buildCommand>,
): Promise<SandboxRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const stdio: ('pipe' | 'ignore')[] = ['pipe', 'pipe', 'pipe', job.channelBytes ? 'pipe' : 'ignore'];
    markStage('sandbox.spawn');
    const child = spawn(cmd.command, cmd.args, { cwd: dir, env: scrubbedEnv(profile), detached: true, stdio });
    let killedBy: KillReason | undefined;
    const kill = (reason: KillReason) => {
      killedBy ??= reason;
      killGroup(child.pid);
    };
    const stdout = new CappedBuffer(limits.maxOutputBytes, () => kill('output-limit'));
    const stderr = new CappedBuffer(limits.maxOutputBytes, () => kill('output-limit'));
    const channel = new CappedBuffer(job.channelBytes ?? 1, () => kill('output-limit'));
    stdout.attach(child.stdout);
    stderr.attach(child.stderr);
    if (job.channelBytes) channel.attach(child.stdio[3] as NodeJS.ReadableStream as never);
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(job.stdin ?? '');
    const timer = setTimeout(() => kill('timeout'), limits.wallMs);
    const onAbort = () => kill('cancelled');
    job.signal?.addEventListener('abort', onAbort, { once: true });
    if (job.signal?.aborted) onAbort();
    if (child.pid !== undefined) job.onSpawn?.(child.pid);
    let spawnError: Error | undefined;
    let settled = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      markStage('sandbox.end');
      clearTimeout(timer);
      job.signal?.removeEventListener('abort', onAbort);
      killGroup(child.pid); // anything the child left in its group goes too
      const durationMs = Math.round(performance.now() - started);
      const err = spawnError ? `\nWeaverGen sandbox: spawn failed: ${spawnError.message}` : '';
      const end = { killedBy, exitCode, signal, stderr: stderr.text() + err, durationMs, cpuLimited: profile.prlimit !== null };
      const { outcome, limitHit } = classifyEnd(end, limits);
      resolve({
        outcome: spawnError && !killedBy ? 'crashed' : outcome,
        exitCode,
        signal,
        stdout: stdout.text(),
        stderr: end.stderr,
        durationMs,
        layers: cmd.layers,
        ...(limitHit ? { limitHit } : {}),
        ...(job.channelBytes ? { channel: channel.text() } : {}),
      });
    };
    child.on('error', (e) => {
      spawnError = e;
      if (child.pid === undefined) finish(null, null); // never started: no 'close' to wait for
    });
    child.on('close', finish);
  });
}

/** A fresh random token the child can only learn from the parent (tests and harnesses). */
export const newNonce = (): string => `WG${randomBytes(16).toString('hex')}`;
