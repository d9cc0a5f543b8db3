// A stand-in for server/src/sandbox (used only when that module is missing or
// BENCH_SANDBOX=local): same contract, far fewer safeguards. One child process per
// call; probes are batched in that child, each in a vm with a timeout.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HARNESS = String.raw`
const vm = require('node:vm');
let buf = '';
process.stdin.on('data', (d) => { buf += d; });
process.stdin.on('end', () => {
  const { code, entryPoint, inputs, callMs } = JSON.parse(buf);
  const canon = (v, seen = new Set()) => {
    if (v === undefined) return 'undefined';
    if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '0' : String(v);
    if (typeof v === 'bigint') return v + 'n';
    if (typeof v === 'function') return 'function';
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (seen.has(v)) return '[circular]';
    seen.add(v);
    let s;
    if (Array.isArray(v)) s = '[' + v.map((x) => canon(x, seen)).join(',') + ']';
    else if (v instanceof Map || Object.prototype.toString.call(v) === '[object Map]') s = 'Map' + canon([...v.entries()], seen);
    else if (v instanceof Set || Object.prototype.toString.call(v) === '[object Set]') s = 'Set' + canon([...v], seen);
    else s = '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k], seen)).join(',') + '}';
    seen.delete(v);
    return s;
  };
  const ctx = vm.createContext({ console: { log() {}, error() {}, warn() {}, assert() {} }, require, module: { exports: {} }, exports: {} });
  const out = { loaded: true, results: [] };
  try {
    vm.runInContext(code + '\n;globalThis.__f = (typeof ' + entryPoint + " === 'function') ? " + entryPoint + ' : undefined;', ctx, { timeout: 2000 });
    if (typeof ctx.__f !== 'function') throw new Error('entry point is not a function');
  } catch (e) {
    out.loaded = false;
    out.error = String(e && e.message || e);
  }
  let timeouts = 0;
  for (const args of inputs) {
    if (!out.loaded) { out.results.push({ status: 'not-run' }); continue; }
    if (timeouts >= 2) { out.results.push({ status: 'timeout' }); continue; }
    ctx.__argsJson = JSON.stringify(args);
    try {
      const v = vm.runInContext('__f(...JSON.parse(__argsJson))', ctx, { timeout: callMs });
      out.results.push({ status: 'ok', value: canon(v) });
    } catch (e) {
      const timeout = e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
      if (timeout) timeouts++;
      out.results.push(timeout ? { status: 'timeout' } : { status: 'threw', error: String(e && e.message || e).slice(0, 200) });
    }
  }
  process.stdout.write(JSON.stringify(out));
});
`;

function runNode(args, stdin, timeoutMs, signal) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH } });
    let stdout = '';
    let killed = false;
    const kill = () => { killed = true; child.kill('SIGKILL'); };
    const timer = setTimeout(kill, timeoutMs);
    signal?.addEventListener('abort', kill, { once: true });
    child.stdout.on('data', (d) => { if (stdout.length < 4e6) stdout += d; });
    child.stderr.resume();
    child.on('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', kill);
      resolve({ code, stdout, killed, durationMs: Date.now() - started });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(stdin ?? '');
  });
}

export async function runProbes({ code, entryPoint, inputs, limits, perInputMs, signal }) {
  const callMs = perInputMs ?? 250;
  const r = await runNode(['-e', HARNESS], JSON.stringify({ code, entryPoint, inputs, callMs }), limits?.wallMs ?? 20000, signal);
  let parsed;
  try { parsed = JSON.parse(r.stdout); } catch { parsed = undefined; }
  const run = { outcome: r.killed ? 'timeout' : parsed ? (parsed.loaded ? 'ok' : 'load-error') : 'crashed', layers: ['child', 'vm'], durationMs: r.durationMs };
  if (!parsed) return { results: inputs.map(() => ({ status: r.killed ? 'timeout' : 'not-run' })), run };
  return { results: parsed.results, run };
}

export async function runTestProgram({ program, limits, signal }) {
  const dir = mkdtempSync(join(tmpdir(), 'wg-bench-'));
  try {
    const file = join(dir, 'program.js');
    writeFileSync(file, program);
    const r = await runNode([file], '', limits?.wallMs ?? 10000, signal);
    return { pass: r.code === 0 && !r.killed, run: { outcome: r.killed ? 'timeout' : r.code === 0 ? 'ok' : 'failed', layers: ['child'], durationMs: r.durationMs } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
