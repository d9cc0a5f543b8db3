import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchInputError, isWholeFunction, parseCandidates, parseTasks, programOf, testProgramOf } from '../../../server/src/bench/tasks';
import { parseBenchArgs, isBenchUsageError } from '../../../server/src/bench/args';
import { TASKS, candidatesJsonl, tasksJsonl } from './fixtures';

test('candidates keep their 0-based line in the file, blank lines counted', () => {
  const text = `\n${candidatesJsonl()}`;
  const cands = parseCandidates(text);
  assert.equal(cands[0].line, 1);
  assert.equal(cands[7].line, 8);
  assert.equal(parseTasks(tasksJsonl()).length, 2);
  assert.throws(() => parseCandidates('{"task_id":1}\n'), BenchInputError);
  assert.throws(() => parseTasks('not json\n'), BenchInputError);
});

test('a whole-function completion is run without the prompt (SOURCE.md)', () => {
  const [add, max] = TASKS;
  assert.equal(isWholeFunction('  return a + b;\n};\n', 'add'), false);
  assert.equal(isWholeFunction('/* doc */\nconst add = (a, b) => a + b;\n', 'add'), true);
  assert.equal(isWholeFunction('// x\nfunction maxOf(list) {\n}\n', 'maxOf'), true);
  assert.equal(isWholeFunction('function maxOfAll(list) {}\n', 'maxOf'), false);
  assert.equal(programOf(add, '  return a + b;\n};\n'), `${add.prompt}  return a + b;\n};\n`);
  assert.equal(programOf(max, 'function maxOf(l) { return 1; }'), 'function maxOf(l) { return 1; }');
  assert.equal(testProgramOf(max, 'function maxOf(l) { return 1; }'), `function maxOf(l) { return 1; }\n${max.tests}`);
});

test('bench arguments', () => {
  assert.deepEqual(parseBenchArgs(['selection', '--tasks', 't', '--candidates', 'c', '--json', '--limit', '3', '--concurrency', '2']),
    { help: false, tasks: 't', candidates: 'c', json: true, limit: 3, concurrency: 2 });
  for (const bad of [['selection'], ['other', '--tasks', 't'], ['selection', '--tasks', 't', '--limit', '0'], ['selection', '--tasks']]) {
    assert.throws(() => parseBenchArgs(bad), (e: unknown) => isBenchUsageError(e));
  }
});
