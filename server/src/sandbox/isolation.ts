/**
 * Which isolation layers this machine offers, probed once by actually running them.
 * Nothing runs at import time: the first `getIsolation()` call probes, later calls reuse
 * the cached promise. Every missing layer is recorded in `notes` with the reason.
 */
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { sweepStaleSandboxDirs } from './sweep';
import { sandboxLauncher } from './spawner/client';
import { bwrapArgs, readOnlyView, SANDBOX_UID, type BwrapProfile } from './bwrap';
import { seccompProgram } from './seccomp';

export interface IsolationProfile {
  nodePath: string;
  /** Extra environment the node binary needs (ELECTRON_RUN_AS_NODE under Electron). */
  nodeEnv: Record<string, string>;
  /** Node's permission model blocks fs outside the temp dir, child processes, workers, addons, inspector. */
  permission: boolean;
  /** `--disable-warning=ExperimentalWarning` is understood (keeps stderr clean). */
  disableWarning: boolean;
  /** An empty network namespace via `unshare --net` (with `--map-root-user` when not root). */
  netns: { unsharePath: string; mapRootUser: boolean } | null;
  /** RLIMIT_CPU / RLIMIT_DATA / RLIMIT_FSIZE / RLIMIT_CORE via util-linux `prlimit`. */
  prlimit: { prlimitPath: string } | null;
  /** The OS-level boundary: bubblewrap namespaces + seccomp (bwrap.ts). Null where missing. */
  bwrap: BwrapProfile | null;
  /** Why a layer is missing, for the report. */
  notes: string[];
}

export interface ProbeOptions {
  nodePath?: string;
  /** Skip looking for these tools (tests use it to exercise the fallbacks). */
  without?: ('permission' | 'netns' | 'prlimit' | 'bwrap')[];
}

let cached: Promise<IsolationProfile> | undefined;

/** The probed profile for the current node binary (cached after the first call). */
export function getIsolation(): Promise<IsolationProfile> {
  cached ??= (async () => {
    await sweepStaleSandboxDirs(); // once per server: leftovers of a predecessor that died mid-run
    return probeIsolation();
  })().catch((e: unknown) => {
    cached = undefined; // a failed probe is retried next time
    throw e;
  });
  return cached;
}

export function resetIsolationCache(): void {
  cached = undefined;
}

/** Environment for every sandboxed child: nothing inherited, so no API keys. */
export function scrubbedEnv(profile: Pick<IsolationProfile, 'nodeEnv'>): Record<string, string> {
  return { TZ: 'UTC', LANG: 'C', ...profile.nodeEnv };
}

export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * One probe command, started like every sandboxed child: by the spawner helper when there is
 * one (so probing forks the small helper, not the server), else in-process.
 */
async function run(cmd: string, args: string[], env: Record<string, string>, cwd = process.cwd(), seccompFile?: string): Promise<{ ok: boolean; stdout: string }> {
  const { end } = await sandboxLauncher().launch({
    command: cmd, args, cwd, env, stdin: '', channelBytes: 0, wallMs: PROBE_WALL_MS, maxOutputBytes: PROBE_OUTPUT_BYTES,
    ...(seccompFile ? { seccompFile } : {}),
  });
  return { ok: end.exitCode === 0 && !end.killedBy && !end.spawnError, stdout: end.stdout };
}

const PROBE_WALL_MS = 10_000;
const PROBE_OUTPUT_BYTES = 64 * 1024;

const PERMISSION_PROBE = `
let cp = 'open', fsOut = 'open';
try { require('child_process').spawnSync('true'); } catch (e) { cp = e.code; }
try { require('fs').readdirSync('/'); } catch (e) { fsOut = e.code; }
process.stdout.write(cp + ' ' + fsOut);
`;

async function probeNode(nodePath: string, env: Record<string, string>, dir: string, skip: boolean) {
  const notes: string[] = [];
  const disableWarning = (await run(nodePath, ['--disable-warning=ExperimentalWarning', '-e', '0'], env)).ok;
  if (skip) return { permission: false, disableWarning, notes: ['node-permission: disabled by caller'] };
  const script = join(dir, 'perm-probe.js');
  writeFileSync(script, PERMISSION_PROBE);
  const flags = ['--experimental-permission', `--allow-fs-read=${dir}`, ...(disableWarning ? ['--disable-warning=ExperimentalWarning'] : [])];
  const res = await run(nodePath, [...flags, script], env, dir);
  const permission = res.ok && res.stdout.trim() === 'ERR_ACCESS_DENIED ERR_ACCESS_DENIED';
  if (!permission) notes.push(`node-permission: unavailable (${res.ok ? `probe said "${res.stdout.trim()}"` : 'flag rejected'})`);
  return { permission, disableWarning, notes };
}

const NETNS_PROBE = "process.stdout.write(String(Object.values(require('os').networkInterfaces()).flat().length))";

async function probeNetns(nodePath: string, env: Record<string, string>, skip: boolean) {
  if (skip) return { netns: null, note: 'netns: disabled by caller' };
  const unsharePath = findExecutable('unshare');
  if (!unsharePath) return { netns: null, note: 'netns: unshare not found' };
  for (const mapRootUser of [false, true]) {
    const args = ['--net', ...(mapRootUser ? ['--map-root-user'] : []), '--', nodePath, '-e', NETNS_PROBE];
    const res = await run(unsharePath, args, env);
    // An empty namespace has only a down loopback, which networkInterfaces() does not list.
    if (res.ok && res.stdout.trim() === '0') return { netns: { unsharePath, mapRootUser }, note: undefined };
  }
  return { netns: null, note: 'netns: unshare --net is not permitted here' };
}

async function probePrlimit(nodePath: string, env: Record<string, string>, skip: boolean) {
  if (skip) return { prlimit: null, note: 'rlimits: disabled by caller' };
  const prlimitPath = findExecutable('prlimit');
  if (!prlimitPath) return { prlimit: null, note: 'rlimits: prlimit not found' };
  const res = await run(prlimitPath, ['--cpu=5:6', `--data=${1024 * 1024 * 1024}`, '--core=0', '--', nodePath, '-e', '0'], env);
  return res.ok ? { prlimit: { prlimitPath }, note: undefined } : { prlimit: null, note: 'rlimits: prlimit failed to run node' };
}

const BWRAP_PROBE = `
const fs = require('fs');
const ifaces = Object.values(require('os').networkInterfaces()).flat().filter((i) => !i.internal).length;
const siblings = fs.readdirSync(require('path').dirname(process.cwd())).length;
process.stdout.write(JSON.stringify({ pid: process.pid, uid: process.getuid(), ifaces, siblings, root: fs.readdirSync('/').sort() }));
`;
/** What the child must see inside bwrap: a namespace pid, nobody, no outside interface, its dir alone, no /proc, /home, /etc. */
const FORBIDDEN_ROOT = ['etc', 'home', 'proc', 'root', 'run', 'sys', 'var'];

function bwrapProbeHolds(stdout: string): boolean {
  try {
    const r = JSON.parse(stdout) as { pid: number; uid: number; ifaces: number; siblings: number; root: string[] };
    return r.pid <= 3 && r.uid === SANDBOX_UID && r.ifaces === 0 && r.siblings === 1 && !r.root.some((n) => FORBIDDEN_ROOT.includes(n));
  } catch {
    return false;
  }
}

async function probeBwrap(nodePath: string, env: Record<string, string>, dir: string, skip: boolean) {
  if (skip) return { bwrap: null, note: 'bwrap: disabled by caller' };
  if (process.platform !== 'linux') return { bwrap: null, note: `bwrap: not available on ${process.platform}` };
  const bwrapPath = findExecutable('bwrap');
  if (!bwrapPath) return { bwrap: null, note: 'bwrap: not installed (Debian/Ubuntu: apt-get install bubblewrap)' };
  const program = seccompProgram();
  const filterFile = join(dir, 'seccomp.bpf');
  if (program) writeFileSync(filterFile, program);
  const view = readOnlyView(nodePath);
  for (const seccomp of program ? [true, false] : [false]) {
    const profile: BwrapProfile = { bwrapPath, seccomp, view };
    const [cmd, ...args] = bwrapArgs(profile, dir);
    const res = await run(cmd as string, [...args, nodePath, '-e', BWRAP_PROBE], env, dir, seccomp ? filterFile : undefined);
    if (res.ok && bwrapProbeHolds(res.stdout)) {
      const note = seccomp ? undefined : `seccomp: ${program ? 'bwrap rejected the filter' : `no filter assembled for ${process.arch}`}`;
      return { bwrap: profile, note };
    }
  }
  return { bwrap: null, note: 'bwrap: installed but cannot create namespaces here (unprivileged user namespaces disabled?)' };
}

/** Runs each layer for real and reports what works. Takes ~100–300 ms; use `getIsolation()`. */
export async function probeIsolation(opts: ProbeOptions = {}): Promise<IsolationProfile> {
  const nodePath = opts.nodePath ?? process.execPath;
  const nodeEnv: Record<string, string> = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
  const env = scrubbedEnv({ nodeEnv });
  const without = new Set(opts.without ?? []);
  const dir = mkdtempSync(join(tmpdir(), 'weavergen-probe-'));
  try {
    const [node, net, rl, bw] = await Promise.all([
      probeNode(nodePath, env, dir, without.has('permission')),
      probeNetns(nodePath, env, without.has('netns')),
      probePrlimit(nodePath, env, without.has('prlimit')),
      probeBwrap(nodePath, env, dir, without.has('bwrap')),
    ]);
    const notes = [...node.notes, net.note, rl.note, bw.note].filter((n): n is string => typeof n === 'string');
    return { nodePath, nodeEnv, permission: node.permission, disableWarning: node.disableWarning, netns: net.netns, prlimit: rl.prlimit, bwrap: bw.bwrap, notes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
