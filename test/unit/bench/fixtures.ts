/** Tiny inline tasks and candidates for the selection benchmark's tests. */
import type { BenchCandidate, BenchTask } from '../../../server/src/bench/tasks';

export const TASKS: BenchTask[] = [
  {
    task_id: 'T/add',
    prompt: '/* Sum of a and b.\n  >>> add(2, 3)\n  5\n  */\nconst add = (a, b) => {\n',
    tests: 'const assert = require("assert");\nassert.equal(add(2, 3), 5);\nassert.equal(add(-1, 1), 0);\nassert.equal(add(10, 5), 15);\n',
    entry_point: 'add',
  },
  {
    task_id: 'T/max',
    prompt: '// The largest number of the list.\nfunction maxOf(xs) {\n',
    tests: 'const assert = require("assert");\nassert.equal(maxOf([1, 5, 2]), 5);\nassert.equal(maxOf([-3, -1]), -1);\n',
    entry_point: 'maxOf',
  },
];

/** Candidates in file order (line = index): per task a correct pair, a shared wrong answer, a hang, a syntax error. */
export const CANDIDATE_LINES = [
  { task_id: 'T/add', provider: 'p1', completion: '  return a + b;\n};\n' },
  { task_id: 'T/add', provider: 'p2', completion: '  return a - b;\n};\n' },
  { task_id: 'T/add', provider: 'p3', completion: '  const s = a + b;\n  return s;\n};\n' },
  { task_id: 'T/add', provider: 'p2', completion: '  while (true) {}\n};\n' },
  { task_id: 'T/max', provider: 'p1', completion: '  return xs[0];\n}\n' },
  { task_id: 'T/max', provider: 'p2', completion: '  return xs[0];\n}\n' },
  { task_id: 'T/max', provider: 'p3', completion: 'function maxOf(list) {\n  return Math.max(...list);\n}\n' },
  { task_id: 'T/max', provider: 'p1', completion: '  return Math.max(...xs;\n}\n' },
];

export const candidatesJsonl = (): string => `${CANDIDATE_LINES.map((c) => JSON.stringify(c)).join('\n')}\n`;
export const tasksJsonl = (): string => `${TASKS.map((t) => JSON.stringify(t)).join('\n')}\n`;

export const asCandidates = (): BenchCandidate[] =>
  CANDIDATE_LINES.map((c, line) => ({ taskId: c.task_id, provider: c.provider, completion: c.completion, line }));
