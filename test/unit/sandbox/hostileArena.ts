/**
 * The arena a hostile corpus entry (hostileCorpus.ts) runs in, and the containment verdict.
 * Every entry gets its own real targets: a victim process (with the secret in its environment
 * and its cwd in the secret's dir), a TCP server on 127.0.0.1, a UDP socket, a filesystem Unix
 * socket, an abstract Unix socket, a secret file outside the sandbox's temp dir and a canary path
 * that must never exist. The spawner helper's pid comes from the real helper. The verdict lists
 * every broken promise; an empty list means contained.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProbes, runSandboxed, runTestProgram, type IsolationProfile, type SandboxRun } from '../../../server/src/sandbox';
import { getSandboxSpawner } from '../../../server/src/sandbox/spawner/client';
import type { HostileEntry, Targets } from './hostileCorpus';

/** Printed by an attack step that got through; built at run time so no source line echoes it. */
export const ESCAPE_MARK = 'ESCAPED:';

interface Listener { server: Server; connections: number }

export interface Arena {
  targets: Targets;
  victim: ChildProcess;
  victimStderr: () => string;
  counts: () => { tcp: number; unix: number; abstract: number; udp: number };
  dispose: () => void;
}

async function listen(path: string | { port: number; host: string }): Promise<Listener> {
  const l: Listener = { server: createServer((c) => { l.connections++; c.destroy(); }), connections: 0 };
  l.server.on('error', () => undefined);
  l.server.listen(path);
  await once(l.server, 'listening');
  return l;
}

/** Starts every target for one entry; nothing is left behind when a step fails. */
export async function openArena(): Promise<Arena> {
  const secretDir = mkdtempSync(join(tmpdir(), 'weavergen-hostile-secret-'));
  try {
    return await startTargets(secretDir);
  } catch (e) {
    rmSync(secretDir, { recursive: true, force: true });
    throw e;
  }
}

async function startTargets(secretDir: string): Promise<Arena> {
  const secretText = `WGSECRET${randomBytes(12).toString('hex')}`;
  const secretFile = join(secretDir, 'secret.txt');
  writeFileSync(secretFile, `${secretText}\n`);
  const canary = join(tmpdir(), `weavergen-hostile-canary-${randomBytes(8).toString('hex')}`);
  const tcp = await listen({ port: 0, host: '127.0.0.1' });
  const sock = join(secretDir, 'agent.sock');
  const unix = await listen(sock);
  const abstractName = `\0weavergen-hostile-${randomBytes(8).toString('hex')}`;
  const abstract = await listen(abstractName);
  const udp: UdpSocket = createSocket('udp4');
  let udpMessages = 0;
  udp.on('message', () => { udpMessages++; });
  udp.bind(0, '127.0.0.1');
  await once(udp, 'listening');
  const victim = spawn(process.execPath, ['-e', "process.stdout.write('up'); setInterval(() => {}, 1000)"], {
    cwd: secretDir, env: { PATH: process.env.PATH ?? '/usr/bin', WEAVERGEN_VICTIM_SECRET: secretText }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let victimStderr = '';
  victim.stderr?.on('data', (d) => { victimStderr += String(d); });
  await new Promise((resolve) => victim.stdout?.once('data', resolve));
  const helperPid = getSandboxSpawner().pid ?? 0;
  const targets: Targets = {
    victimPid: victim.pid as number, helperPid, testPid: process.pid, tcpPort: (tcp.server.address() as AddressInfo).port,
    udpPort: (udp.address() as AddressInfo).port, sock, abstractName, secretFile, secretDir, canary,
  };
  return {
    targets, victim, victimStderr: () => victimStderr,
    counts: () => ({ tcp: tcp.connections, unix: unix.connections, abstract: abstract.connections, udp: udpMessages }),
    dispose: () => {
      try { process.kill(-(victim.pid as number), 'SIGKILL'); } catch { /* gone */ }
      for (const l of [tcp, unix, abstract]) l.server.close();
      udp.close();
      rmSync(secretDir, { recursive: true, force: true });
      rmSync(canary, { recursive: true, force: true });
    },
  };
}

/** The secret text of an arena (read back from its file: entries never see it). */
const secretOf = (t: Targets): string => readFileSync(t.secretFile, 'utf8').trim();

export function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Stopped (SIGSTOP) or traced: state T/t in /proc/<pid>/stat. */
export function isStopped(pid: number): boolean {
  try { return /^\d+ \(.*\) [Tt]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; }
}

/** The prelude every entry runs behind: P (its realm's process), say/hit, and the temp-dir trace. */
function prelude(mode: HostileEntry['mode']): string {
  const proc = mode === 'probe' ? "this.constructor.constructor('return process')()" : 'process';
  return `var P = ${proc}; var req = (m) => P.getBuiltinModule(m); var E = 'ESC' + 'APED:';
var say = (s) => { try { req('fs').writeSync(1, String(s) + '\\n'); } catch (e) {} };
var hit = (what) => say(E + what);
var why = (e) => (e && (e.code || e.message)) || String(e);
var attempt = (what, fn) => { try { const r = fn(); if (r && typeof r.then === 'function') return r.then(() => hit(what), (e) => say('blocked ' + what + ' ' + why(e))); hit(what); } catch (e) { say('blocked ' + what + ' ' + why(e)); } };
var outer = (src) => P.constructor.constructor('P', 'req', 'say', 'hit', 'why', src)(P, req, say, hit, why);
req('fs').writeSync(2, 'TRACE ' + P.cwd() + '\\n');
`;
}

export interface EntryRun {
  outcome: string;
  durationMs: number;
  run: SandboxRun;
  /** Everything the entry produced that the caller sees: stdout, stderr, channel, results. */
  seen: string;
  /** Results that say ok (probe mode), and whether a test program passed. */
  okResults: number;
  complete?: boolean;
  passed?: boolean;
  longestValue: number;
}

/** Runs one entry against the real sandbox, with the arena's targets filled in. */
export async function runEntry(entry: HostileEntry, targets: Targets, isolation?: IsolationProfile): Promise<EntryRun> {
  const code = prelude(entry.mode) + entry.code(targets);
  const limits = { wallMs: 6000, ...entry.limits };
  if (entry.mode === 'run') {
    const run = await runSandboxed({ files: { 'main.js': code }, entry: 'main.js', limits, channelBytes: 64 * 1024, ...(isolation ? { isolation } : {}) });
    return { outcome: run.outcome, durationMs: run.durationMs, run, seen: run.stdout + run.stderr + (run.channel ?? ''), okResults: 0, longestValue: 0 };
  }
  if (entry.mode === 'tests') {
    const r = await runTestProgram({ program: `${code}\n;throw new Error('the tests fail: solve is wrong');\n`, limits });
    return { outcome: r.run.outcome, durationMs: r.run.durationMs, run: r.run, seen: r.run.stdout + r.run.stderr, okResults: 0, passed: r.pass, longestValue: 0 };
  }
  const inputs = entry.inputs ?? [[1], [2]];
  const r = await runProbes({ code, entryPoint: 'solve', inputs, perInputMs: entry.perInputMs ?? 400, limits: { ...entry.limits, wallMs: entry.limits?.wallMs ?? 4000 + inputs.length * (entry.perInputMs ?? 400) } });
  const okResults = r.results.filter((x) => x.status === 'ok').length;
  const longestValue = Math.max(0, ...r.results.map((x) => (x.value ?? '').length + (x.error ?? '').length));
  return { outcome: r.outcome, durationMs: r.run.durationMs, run: r.run, seen: r.run.stdout + r.run.stderr + JSON.stringify(r.results), okResults, complete: r.complete, longestValue };
}

/** Every containment promise the run broke (empty = contained). */
export function breaches(entry: HostileEntry, arena: Arena, r: EntryRun): string[] {
  const t = arena.targets;
  const out: string[] = [];
  const c = arena.counts();
  if (!isAlive(t.victimPid)) out.push('the victim process was killed');
  else if (isStopped(t.victimPid)) out.push('the victim process was stopped');
  if (/Debugger listening/.test(arena.victimStderr())) out.push("the victim's inspector was opened");
  if (t.helperPid && !isAlive(t.helperPid)) out.push('the spawner helper was killed');
  else if (t.helperPid && isStopped(t.helperPid)) {
    out.push('the spawner helper was stopped');
    process.kill(t.helperPid, 'SIGCONT'); // so the runs after this one are not stuck behind it
  }
  if (r.run.launch?.via === 'in-process') out.push(`the run moved into the test process (${r.run.launch.reason})`);
  for (const [what, n] of Object.entries(c)) if (n > 0) out.push(`${n} connection(s)/datagram(s) reached the ${what} server`);
  if (r.seen.includes(secretOf(t))) out.push('the secret appeared in what the run returned');
  if (existsSync(t.canary)) out.push('the canary outside the temp dir was created');
  if (r.seen.includes(ESCAPE_MARK)) out.push(`the attack reported success: ${/ESCAPED:[^\n"]*/.exec(r.seen)?.[0]}`);
  const trace = /TRACE (\S+)/.exec(r.run.stderr);
  if (trace && existsSync(trace[1] as string)) out.push(`the temp dir ${trace[1]} was left behind`);
  if (!trace && entry.needsTrace !== false) out.push('no trace of the temp dir (cannot check it was removed)');
  if (entry.expect === 'no-ok' && r.okResults > 0) out.push(`${r.okResults} forged ok result(s)`);
  if (entry.expect === 'complete' && r.complete !== true) out.push('the harness did not survive (run incomplete)');
  if (entry.mode === 'probe' && r.longestValue > 64 * 1024) out.push(`a result of ${r.longestValue} chars got through`);
  if (entry.mode === 'tests' && r.passed) out.push('the failing test program passed');
  return out;
}

/** One entry from start to verdict, in its own arena. */
export async function trialEntry(entry: HostileEntry, isolation?: IsolationProfile): Promise<{ entry: HostileEntry; run: EntryRun; breaches: string[] }> {
  const arena = await openArena();
  try {
    const run = await runEntry(entry, arena.targets, isolation);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let late 'connection' events land
    return { entry, run, breaches: breaches(entry, arena, run) };
  } finally {
    arena.dispose();
  }
}

/** Runs jobs with at most `width` at a time, results in input order. */
export async function pool<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return out;
}

/** Makes sure the spawner helper is running (so entries get its pid). */
export async function warmUp(): Promise<void> {
  await runSandboxed({ files: { 'main.js': '0' }, entry: 'main.js', limits: { wallMs: 8000 } });
}
