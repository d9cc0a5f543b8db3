/**
 * Sources of the runner for `runTestProgram`, in two isolates like the probe harness:
 *
 * The **runner** (TEST_RUNNER_SOURCE, the process's main thread) reads the per-run nonce from
 * stdin before anything else exists and is the only code that knows it. It runs no program code:
 * it starts the program's worker, and writes the nonce-tagged completion marker to fd 3 only when
 * that worker reports, on a MessageChannel private to it, that the whole script ran. The
 * process's exit code is the worker's.
 *
 * The **program worker** (TEST_PROGRAM_WORKER_SOURCE, a worker thread: its own V8 isolate and
 * heap) takes its end of the channel out of workerData first, then runs the program (candidate +
 * tests) as a classic script in its main context (so a top-level `return` in the candidate is a
 * SyntaxError and cannot skip the tests), with CommonJS `require`/`module`/`exports` provided as
 * globals, and reports completion only after the script returned. `process.exit(0)` from the
 * program ends the worker without a report; a heap snapshot taken by the program shows the
 * worker's heap, which holds no nonce; lines it writes to fd 3 carry no valid nonce.
 */
export const TEST_RUNNER_FILE = 'runner.js';
export const TEST_PROGRAM_WORKER_FILE = 'program-worker.js';
export const TEST_PROGRAM_FILE = 'program.js';
export const COMPLETION_MARK = 'tests-completed';

export const TEST_PROGRAM_WORKER_SOURCE = String.raw`'use strict';
const threads = require('worker_threads');
const port = threads.workerData.port, postMessageO = port.postMessage;
threads.workerData.port = null;
const fs = require('fs');
const vm = require('vm');
const Module = require('module');
const pathMod = require('path');
const file = pathMod.join(__dirname, '${TEST_PROGRAM_FILE}');
const source = fs.readFileSync(file, 'utf8');
const mod = new Module(file, null);
mod.filename = file;
mod.paths = Module._nodeModulePaths(__dirname);
const script = new vm.Script(source, { filename: file });
Object.assign(globalThis, { require: Module.createRequire(file), module: mod, exports: mod.exports, __filename: file, __dirname });
script.runInThisContext();
Reflect.apply(postMessageO, port, ['${COMPLETION_MARK}']);
port.close();
`;

export const TEST_RUNNER_SOURCE = String.raw`'use strict';
const fs = require('fs');
const pathMod = require('path');
const util = require('util');
const { Worker, MessageChannel, receiveMessageOnPort } = require('worker_threads');
const writeSync = fs.writeSync;
const cfg = JSON.parse(fs.readFileSync(0, 'utf8'));
const nonce = String(cfg.nonce);
const memoryMb = +cfg.memoryMb;
const { port1, port2 } = new MessageChannel();
let completed = false;
const onReport = (m) => {
  if (m !== '${COMPLETION_MARK}' || completed) return;
  completed = true;
  writeSync(3, '\n' + nonce + ' ${COMPLETION_MARK}\n');
};
port1.on('message', onReport);
const w = new Worker(pathMod.join(__dirname, '${TEST_PROGRAM_WORKER_FILE}'), {
  workerData: { port: port2 }, transferList: [port2], ...(memoryMb > 0 ? { resourceLimits: { maxOldGenerationSizeMb: memoryMb } } : {}),
});
w.on('error', (e) => {
  if (e && e.code === 'ERR_WORKER_OUT_OF_MEMORY') writeSync(2, '\nWeaverGen tests: JavaScript heap out of memory in the program\n');
  else writeSync(2, '\n' + (e && typeof e.stack === 'string' ? e.stack : util.inspect(e)) + '\n');
});
w.on('exit', (code) => {
  for (let m = receiveMessageOnPort(port1); m !== undefined; m = receiveMessageOnPort(port1)) onReport(m.message);
  port1.close();
  process.exitCode = code;
});
`;
