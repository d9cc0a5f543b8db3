/**
 * Source of the runner for `runTestProgram`. It reads the per-run nonce from stdin before
 * any program code exists, then runs the program (candidate + tests) as a classic script in
 * the main context (so a top-level `return` in the candidate is a SyntaxError and cannot
 * skip the tests), with CommonJS `require`/`module`/`exports` provided as globals. Only when
 * the script finished without throwing does it write the nonce-tagged completion marker to
 * fd 3; `process.exit(0)` from the candidate therefore never produces a marker.
 */
export const TEST_RUNNER_FILE = 'runner.js';
export const TEST_PROGRAM_FILE = 'program.js';
export const COMPLETION_MARK = 'tests-completed';

export const TEST_RUNNER_SOURCE = String.raw`'use strict';
const fs = require('fs');
const vm = require('vm');
const Module = require('module');
const pathMod = require('path');
const writeSync = fs.writeSync;
const nonce = String(JSON.parse(fs.readFileSync(0, 'utf8')).nonce);
const file = pathMod.join(__dirname, '${TEST_PROGRAM_FILE}');
const source = fs.readFileSync(file, 'utf8');
const mod = new Module(file, null);
mod.filename = file;
mod.paths = Module._nodeModulePaths(__dirname);
const script = new vm.Script(source, { filename: file });
Object.assign(globalThis, { require: Module.createRequire(file), module: mod, exports: mod.exports, __filename: file, __dirname });
script.runInThisContext();
writeSync(3, '\n' + nonce + ' ${COMPLETION_MARK}\n');
`;
