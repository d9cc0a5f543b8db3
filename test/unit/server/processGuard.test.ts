/** The process guard in a real child process: an unhandled rejection and an uncaught exception are logged and survived. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import { describeError } from '../../../server/src/util/processGuard';

test('a guarded process logs both failures (keys scrubbed) and keeps running to its natural end', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'processGuardChild.ts')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, err);
  assert.equal(out, 'still alive\n');
  assert.match(err, /guarded child: unhandled promise rejection \(ignored, still running\): RangeError: Maximum call stack/);
  assert.match(err, /guarded child: uncaught exception \(ignored, still running\): Error: thrown from a callback/);
  assert.doesNotMatch(err, /sk-abcdefghijklmnop/);
});

test('describeError: the stack, cut to a readable length; odd values do not throw', () => {
  assert.match(describeError(new TypeError('boom')), /^TypeError: boom\n\s+at /);
  assert.ok(describeError(new Error('x'.repeat(10_000))).length <= 4001);
  assert.equal(describeError('plain'), 'plain');
  const hostile = { toString() { throw new Error('no'); } };
  assert.equal(describeError(hostile), '[object Object]');
});
