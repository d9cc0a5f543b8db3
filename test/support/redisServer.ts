/**
 * A real redis-server for tests and benchmarks (Debian package `redis-server`): a free
 * loopback port (found by binding port 0), a fresh temp dir, ready when it answers PING
 * (no sleeps), killed — and its dir removed — by `stop`. `kill` + `restart` simulate the
 * team server going away and coming back on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RedisServer {
  port: number;
  url: string;
  dir: string;
  pid(): number | undefined;
  /** SIGKILL (no shutdown save); resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts again on the same port and dir (AOF, when enabled, is replayed). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let buf = '';
    const done = (ok: boolean) => { s.destroy(); resolve(ok); };
    s.setTimeout(1000, () => done(false));
    s.on('error', () => done(false));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => { buf += d.toString(); if (buf.includes('\r\n')) done(buf.startsWith('+PONG') || buf.startsWith('-NOAUTH')); });
  });
}

async function waitReady(port: number, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`redis-server exited: ${log()}`);
    if (await ping(port)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`redis-server did not answer on ${port}: ${log()}`);
}

/** `durable`: append-only file fsynced on every write (acknowledged writes survive a kill). */
export async function startRedis(opts: { durable?: boolean; args?: string[] } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weavergen-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
    ...(opts.durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']), ...(opts.args ?? [])];
  let proc: ChildProcess | undefined;
  let log = '';
  const launch = async () => {
    log = '';
    const p = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout?.on('data', (d) => { log = (log + d.toString()).slice(-4000); });
    p.stderr?.on('data', (d) => { log = (log + d.toString()).slice(-4000); });
    p.on('error', (e) => { log += String(e); });
    proc = p;
    await waitReady(port, p, () => log);
  };
  const kill = async () => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await gone;
  };
  await launch();
  return {
    port, dir, url: `redis://127.0.0.1:${port}`,
    pid: () => proc?.pid,
    kill,
    restart: launch,
    stop: async () => { await kill(); rmSync(dir, { recursive: true, force: true }); },
  };
}
