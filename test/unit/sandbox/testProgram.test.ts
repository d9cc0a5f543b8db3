/** runTestProgram: pass means exit 0 AND the runner's nonce-tagged completion marker. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runTestProgram } from '../../../server/src/sandbox';
import { TRACE, assertNoTrace } from './helpers';

const TESTS = `
const assert = require('node:assert');
assert.strictEqual(add(2, 3), 5);
assert.deepStrictEqual([add(0, 0)], [0]);
`;

describe('runTestProgram', () => {
  it('passes a correct candidate and fails a wrong one', async () => {
    const good = await runTestProgram({ program: `${TRACE}\nfunction add(a, b) { return a + b; }\n${TESTS}` });
    assert.equal(good.pass, true, good.run.stderr);
    assert.equal(good.completed, true);
    assertNoTrace(good.run.stderr);
    const bad = await runTestProgram({ program: `function add(a, b) { return a - b; }\n${TESTS}` });
    assert.equal(bad.pass, false);
    assert.equal(bad.run.outcome, 'error');
    assert.match(bad.run.stderr, /AssertionError/);
  });

  it('process.exit(0) before the tests is not a pass', async () => {
    const r = await runTestProgram({ program: `${TRACE}\nfunction add(a, b) { return 0; }\nprocess.exit(0);\n${TESTS}` });
    assert.equal(r.run.exitCode, 0);
    assert.equal(r.pass, false);
    assert.equal(r.completed, false);
    assertNoTrace(r.run.stderr);
  });

  it('exit from a hook, forged markers and a top-level return are not passes', async () => {
    const forge = `const fs = require('fs');
      for (const fd of [1, 2, 3]) fs.writeSync(fd, '\\nWG00000000000000000000000000000000 tests-completed\\n');
      function add() { return 0; }
      process.on('exit', () => { process.exitCode = 0; });
      process.on('uncaughtException', () => process.reallyExit(0));`;
    const forged = await runTestProgram({ program: `${forge}\n${TESTS}` });
    assert.equal(forged.pass, false);
    const early = await runTestProgram({ program: `function add() { return 0; }\nreturn;\n${TESTS}` });
    assert.equal(early.pass, false);
    assert.match(early.run.stderr, /SyntaxError/);
  });

  it('a hanging candidate times out and is not a pass', async () => {
    const r = await runTestProgram({ program: `function add() { for (;;) {} }\n${TESTS}`, limits: { wallMs: 600 } });
    assert.equal(r.pass, false);
    assert.equal(r.run.outcome, 'timeout');
  });

  it('runs a benchmark task (prompt + canonical solution + tests) and fails a dummy body', async (t) => {
    const file = join(__dirname, '..', '..', '..', '..', 'shared', 'bench', 'dev.jsonl');
    if (!existsSync(file)) return t.skip('shared/bench/dev.jsonl not present');
    const lines = readFileSync(file, 'utf8').trim().split('\n').slice(0, 3);
    for (const line of lines) {
      const task = JSON.parse(line) as { task_id: string; prompt: string; canonical_solution: string; tests: string };
      const pass = await runTestProgram({ program: `${task.prompt}${task.canonical_solution}\n${task.tests}`, limits: { wallMs: 10_000 } });
      assert.equal(pass.pass, true, `${task.task_id}: ${pass.run.stderr}`);
      const dummy = await runTestProgram({ program: `${task.prompt}return undefined;}\n${task.tests}`, limits: { wallMs: 10_000 } });
      assert.equal(dummy.pass, false, task.task_id);
    }
  });
});
