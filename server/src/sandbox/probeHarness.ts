/**
 * Sources of the probe harness that runs inside the sandboxed child, in two isolates:
 *
 * The **verdict thread** (PROBE_HARNESS_SOURCE, the process's main thread) is the only code that
 * knows the per-run nonce (read from stdin before anything else exists) and the only writer of
 * records the server accepts on fd 3. It never runs candidate code. It starts the candidate's
 * worker, asks it for one input at a time, checks each answer (the index it asked for, a known
 * status, string fields of bounded size), writes one nonce-tagged record per input and the final
 * record, then exits at once (process.reallyExit).
 *
 * The **candidate worker** (PROBE_WORKER_SOURCE, a worker thread: its own V8 isolate and heap)
 * captures its intrinsics first, loads the candidate as a classic script in a fresh vm context
 * (own globals, microtasks drained inside the timeout) and calls the entry point for each input
 * it is asked for, each call plus the serialisation of its result under its own vm timeout.
 *
 * Candidate code that escapes the vm context reaches only the worker's realm: the nonce is not in
 * its heap (v8.getHeapSnapshot() there shows the worker's isolate), so lines it writes to fd 3
 * are ignored; asks and answers use a MessageChannel private to the worker's harness (taken out of
 * workerData before the candidate loads), so answers posted on parentPort, or by a listener that
 * sees the asks, are never read; it cannot answer an input before it is asked, nor end the run as complete
 * (process.exit in a worker ends the worker; the verdict thread then records that input as
 * thrown and starts a fresh worker for the next). What it can still choose is its own answers,
 * which is its behaviour: the comparison and the verdict happen in the server.
 * A worker that stops answering (its event loop blocked outside the vm timeout) is terminated at
 * a backstop deadline and that input is a timeout. Candidate console output goes to stderr, capped.
 */
import { CANONICAL_SOURCE } from './canonicalSource';
import { REVIVE_SOURCE } from './inputCodec';

export const PROBE_HARNESS_FILE = 'harness.js';
export const PROBE_WORKER_FILE = 'probe-worker.js';
export const PROBE_CANDIDATE_FILE = 'candidate.js';
/** Fresh workers the verdict thread starts after one died or hung, before it gives up on the rest. */
export const PROBE_MAX_RESTARTS = 3;

/** Modules a candidate may `require` inside the probe context. */
export const PROBE_ALLOWED_MODULES = ['assert', 'buffer', 'crypto', 'events', 'path', 'querystring', 'string_decoder', 'url', 'util'];

export interface ProbeHarnessConfig {
  nonce: string;
  entryPoint: string;
  /** JSON text of the argument lists (inputCodec.encodeInputs). */
  inputs: string;
  sliceMs: number;
  loadMs: number;
  maxValueChars: number;
  /** Heap cap of the candidate's worker (MiB). */
  memoryMb: number;
}

export const PROBE_WORKER_SOURCE = String.raw`'use strict';
const fs = require('fs');
const threads = require('worker_threads');
// The private channel to the verdict thread (not parentPort, which candidate code can reach
// through require('worker_threads')): taken out of workerData before any candidate code exists.
const port = threads.workerData.port, postMessageO = port.postMessage, onO = port.on;
threads.workerData.port = null;
const vm = require('vm');
const util = require('util');
const pathMod = require('path');
const writeSync = fs.writeSync, readFileSync = fs.readFileSync;
const stringify = JSON.stringify, parse = JSON.parse;
const apply = Reflect.apply, defineProperty = Reflect.defineProperty, getOwn = Reflect.getOwnPropertyDescriptor, hasOwn = Object.hasOwn;
const setTimeoutO = setTimeout, clearTimeoutO = clearTimeout, setIntervalO = setInterval, clearIntervalO = clearInterval;
const setImmediateO = setImmediate, clearImmediateO = clearImmediate;
const DateNow = Date.now, StringFn = String, MathMin = Math.min, MathMax = Math.max;
const randomBytes = require('crypto').randomBytes;
const formatO = util.format;
const isProxyO = util.types.isProxy, isNativeErrorO = util.types.isNativeError;
const makeCanonical = ${CANONICAL_SOURCE.trim()};
const reviveInputs = ${REVIVE_SOURCE.trim()};

const cfgParsed = threads.workerData;
const entryPoint = StringFn(cfgParsed.entryPoint);
const inputsText = StringFn(cfgParsed.inputs);
const sliceMs = +cfgParsed.sliceMs, loadMs = +cfgParsed.loadMs;
const canonical = makeCanonical(util.types, +cfgParsed.maxValueChars);
const describeError = canonical.describeError;
const code = readFileSync(pathMod.join(__dirname, '${PROBE_CANDIDATE_FILE}'), 'utf8');

// Answers go to the verdict thread as plain data; it alone writes the run's records.
function record(i, status, value, error) {
  apply(postMessageO, port, [{ __proto__: null, i, s: status, v: value, e: error }]);
}
function errorText(e) {
  if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
    if (isProxyO(e)) return 'Uncaught [Proxy]';
    const name = describeError(e);
    return name === 'Error: ' && !isNativeErrorO(e) ? 'Uncaught ' + safeCanonical(e) : name;
  }
  return 'Uncaught ' + safeCanonical(e);
}
function safeCanonical(v) { try { return canonical(v); } catch (e) { return '[Unserialisable]'; } }
function isTimeout(e) {
  if (e === null || typeof e !== 'object') return false;
  const d = getOwn(e, 'code');
  return d !== undefined && hasOwn(d, 'value') && d.value === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

// The context and its helpers.
let consoleBudget = 16 * 1024;
function consoleWrite(args) {
  if (consoleBudget <= 0) return;
  let line;
  try { line = apply(formatO, undefined, args) + '\n'; } catch (e) { line = '[console format failed]\n'; }
  if (line.length > consoleBudget) line = line.slice(0, consoleBudget);
  consoleBudget -= line.length;
  try { writeSync(2, line); } catch (e) {}
}
const allowed = new Set(${JSON.stringify(PROBE_ALLOWED_MODULES)});
function sandboxRequire(name) {
  const bare = typeof name === 'string' && name.startsWith('node:') ? name.slice(5) : name;
  if (!allowed.has(bare)) { const e = new Error('WeaverGen probe: require("' + StringFn(name) + '") is not available'); e.code = 'ERR_ACCESS_DENIED'; throw e; }
  return require(bare);
}
const thunkKey = '__weavergen_' + randomBytes(12).toString('hex');
const moduleObj = { exports: {} };
const sandbox = {
  console: { log: (...a) => consoleWrite(a), error: (...a) => consoleWrite(a), warn: (...a) => consoleWrite(a), info: (...a) => consoleWrite(a), debug: (...a) => consoleWrite(a) },
  setTimeout: (cb, ms, ...a) => setTimeoutO(() => inContext(() => apply(cb, undefined, a), sliceMs), ms),
  setInterval: (cb, ms, ...a) => setIntervalO(() => inContext(() => apply(cb, undefined, a), sliceMs), ms),
  setImmediate: (cb, ...a) => setImmediateO(() => inContext(() => apply(cb, undefined, a), sliceMs)),
  clearTimeout: (h) => clearTimeoutO(h), clearInterval: (h) => clearIntervalO(h), clearImmediate: (h) => clearImmediateO(h),
  require: sandboxRequire, module: moduleObj, exports: moduleObj.exports,
  Buffer, TextEncoder, TextDecoder, URL, URLSearchParams, atob, btoa,
};
const context = vm.createContext(sandbox, { name: 'candidate', microtaskMode: 'afterEvaluate', codeGeneration: { strings: true, wasm: false } });
let pending = null;
defineProperty(sandbox, thunkKey, { value: function () { const job = pending; pending = null; if (job !== null) job(); }, writable: false, enumerable: false, configurable: false });
const callScript = new vm.Script('this["' + thunkKey + '"]()', { filename: 'weavergen-call.js' });
// Script.prototype.runInContext calls super.runInContext by lookup: freeze both before candidate code exists.
Object.freeze(vm.Script.prototype);
Object.freeze(Object.getPrototypeOf(vm.Script.prototype));
const runInContext = vm.Script.prototype.runInContext;
/** Runs fn inside the context under a vm timeout; microtasks are drained inside it. Returns 'timeout' | 'ok' | 'error'. */
function inContext(fn, ms) {
  pending = fn;
  try { apply(runInContext, callScript, [context, { __proto__: null, timeout: MathMax(1, ms) }]); return 'ok'; }
  catch (e) { return isTimeout(e) ? 'timeout' : 'error'; }
  finally { pending = null; }
}
// Inputs become context-realm values before the candidate can touch the context's JSON.
const ctxParse = vm.runInContext('JSON.parse', context);
const inputs = reviveInputs(ctxParse(inputsText));
const count = inputs.length;
vm.runInContext('this.queueMicrotask = (f) => { Promise.resolve().then(f); }', context);

function loadCandidate() {
  let script;
  try { script = new vm.Script(code, { filename: '${PROBE_CANDIDATE_FILE}' }); } catch (e) { return { __proto__: null, ok: false, status: 'threw', error: errorText(e) }; }
  let error;
  const r = inContext(() => { try { script.runInContext(context); } catch (e) { error = errorText(e); } }, loadMs);
  if (r === 'timeout') return { __proto__: null, ok: false, status: 'timeout', error: 'loading the candidate timed out' };
  if (error !== undefined) return { __proto__: null, ok: false, status: 'threw', error };
  let fn;
  // No local names here: the entry point may be called anything (it is a checked identifier).
  const E = entryPoint, S = stringify(entryPoint);
  const lookup = new vm.Script('(function(){try{if(typeof ' + E + '==="function")return ' + E + '}catch(e){}' +
    'try{if(module.exports&&typeof module.exports[' + S + ']==="function")return module.exports[' + S + '];' +
    'if(typeof module.exports==="function")return module.exports}catch(e){}})()');
  if (inContext(() => { fn = lookup.runInContext(context); }, loadMs) !== 'ok' || typeof fn !== 'function') {
    return { __proto__: null, ok: false, status: 'threw', error: 'TypeError: entry point ' + entryPoint + ' is not a function' };
  }
  return { __proto__: null, ok: true, fn };
}

// From here on no promises and no inheriting objects in the harness's own control flow: a
// candidate that reached this realm could hook Promise.prototype.then or Object.prototype.then.
function callOne(fn, args, done) {
  const job = { __proto__: null, done: false, status: 'threw', value: undefined, error: undefined, finished: false, timer: null };
  const finish = () => {
    if (job.finished) return;
    job.finished = true;
    if (job.timer !== null) clearTimeoutO(job.timer);
    done(job.done ? { __proto__: null, status: job.status, value: job.value, error: job.error } : { __proto__: null, status: 'timeout' });
  };
  const settle = (status, v) => {
    if (job.done) return;
    if (status === 'ok') { try { job.value = canonical(v); job.status = 'ok'; } catch (e) { job.error = 'serialisation failed: ' + errorText(e); } }
    else job.error = errorText(v);
    job.done = true;
    setImmediateO(finish); // never continue the harness from inside the candidate's context
  };
  const started = DateNow();
  const r = inContext(() => {
    let out;
    try { out = apply(fn, undefined, args); } catch (e) { settle('threw', e); return; }
    if (out !== null && (typeof out === 'object' || typeof out === 'function') && typeof out.then === 'function') {
      apply(out.then, out, [(v) => settle('ok', v), (e) => settle('threw', e)]);
    } else settle('ok', out);
  }, sliceMs);
  if (r === 'timeout') { job.done = false; return finish(); }
  if (!job.done) job.timer = setTimeoutO(finish, MathMax(0, sliceMs - (DateNow() - started)));
}

function main() {
  const loaded = loadCandidate();
  apply(onO, port, ['message', (m) => {
    const idx = +m;
    if (!(idx >= 0 && idx < count)) return;
    if (!loaded.ok) { record(idx, loaded.status, undefined, loaded.error); return; }
    callOne(loaded.fn, inputs[idx], (res) => {
      record(idx, res.status, res.status === 'ok' ? res.value : undefined, res.status === 'threw' ? res.error : undefined);
    });
  }]);
}
main();
`;

export const PROBE_HARNESS_SOURCE = String.raw`'use strict';
const fs = require('fs');
const pathMod = require('path');
const { Worker, MessageChannel } = require('worker_threads');
const writeSync = fs.writeSync;
const reallyExit = process.reallyExit.bind(process);
const cfg = JSON.parse(fs.readFileSync(0, 'utf8'));
const nonce = String(cfg.nonce);
const count = JSON.parse(String(cfg.inputs)).length;
const sliceMs = +cfg.sliceMs, loadMs = +cfg.loadMs, maxValueChars = +cfg.maxValueChars;
const STATUSES = new Set(['ok', 'threw', 'timeout']);
const workerData = { entryPoint: String(cfg.entryPoint), inputs: String(cfg.inputs), sliceMs, loadMs, maxValueChars };
const workerFile = pathMod.join(__dirname, '${PROBE_WORKER_FILE}');
const memoryMb = +cfg.memoryMb;

function send(body) { writeSync(3, '\n' + nonce + ' ' + body + '\n'); }
function record(i, status, value, error) {
  send('{"i":' + i + ',"s":' + JSON.stringify(status) +
    (value === undefined ? '' : ',"v":' + JSON.stringify(value)) +
    (error === undefined ? '' : ',"e":' + JSON.stringify(error)) + '}');
}
const text = (v, max) => (typeof v === 'string' && v.length <= max ? v : undefined);

let worker = null, channel = null, fresh = true, restarts = 0, next = 0, pending = -1, timer = null;

function finish() {
  send('{"done":true,"count":' + count + '}');
  reallyExit(0);
}
function settle(status, value, error) {
  clearTimeout(timer);
  record(pending, status, value, error);
  pending = -1;
  ask();
}
function drop(reason) {
  const w = worker, c = channel;
  worker = null;
  channel = null;
  if (c) { c.removeAllListeners(); c.close(); }
  if (w) { w.removeAllListeners(); w.on('error', () => {}); void w.terminate(); }
  if (pending >= 0) settle(reason.status, undefined, reason.error);
}
function start() {
  if (restarts++ > ${PROBE_MAX_RESTARTS}) return false;
  // Asks and answers travel on a channel private to this worker's harness: messages candidate
  // code posts on parentPort are never read.
  const { port1, port2 } = new MessageChannel();
  const w = new Worker(workerFile, { workerData: { ...workerData, port: port2 }, transferList: [port2], stdout: false, stderr: false, resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
  worker = w;
  channel = port1;
  fresh = true;
  port1.on('message', (m) => {
    if (w !== worker || pending < 0 || m === null || typeof m !== 'object' || m.i !== pending || !STATUSES.has(m.s)) return;
    settle(m.s, m.s === 'ok' ? text(m.v, maxValueChars + 64) : undefined, m.s === 'threw' ? text(m.e, 4096) ?? 'Error' : undefined);
  });
  w.on('error', (e) => {
    if (w !== worker) return;
    if (e && e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      writeSync(2, '\nWeaverGen probe: JavaScript heap out of memory in the candidate (input ' + pending + ')\n');
      reallyExit(134);
    }
    drop({ status: 'threw', error: 'SandboxExit: the candidate ended its worker during this input (' + (e && e.name) + ')' });
  });
  w.on('exit', (code) => {
    if (w === worker) drop({ status: 'threw', error: 'SandboxExit: the candidate ended its worker during this input (exit ' + code + ')' });
  });
  return true;
}
function ask() {
  if (next >= count) return finish();
  if (worker === null && !start()) {
    while (next < count) record(next++, 'threw', undefined, 'SandboxExit: the candidate ended its worker too often');
    return finish();
  }
  pending = next++;
  // Backstop for a worker whose event loop the candidate blocked outside the vm timeout.
  const wait = sliceMs + 1000 + (fresh ? loadMs : 0);
  fresh = false;
  timer = setTimeout(() => drop({ status: 'timeout' }), wait);
  channel.postMessage(pending);
}
try { ask(); } catch (e) { reallyExit(70); }
`;
