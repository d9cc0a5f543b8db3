import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFeedback, feedbackMessage, hasFeedback } from '../../../server/src/reasoning/feedback';
import { repairMessages } from '../../../server/src/reasoning/prompt';
import { LOAD_ERROR } from '../../../server/src/consensus/cluster';
import { failingDoc, fakeOutcome } from './helpers';

test('golden: a failing doc example names input, expected and actual', () => {
  const f = buildFeedback(failingDoc('1'));
  assert.equal(feedbackMessage(f), [
    'Your implementation of `f` fails these checks:',
    '1. [doc-example] The example in the prompt is not reproduced.',
    '   input: f(1)',
    '   expected: 2',
    '   actual: 1',
    'Fix the code so that every check passes, keeping the same signature. Reply with the complete corrected function only.',
  ].join('\n'));
});

test('golden: exceptions, timeouts and type diagnostics; doc inputs come first', () => {
  const o = fakeOutcome({
    score: 10,
    inputs: [
      { args: [[1, 2], 'a'], source: 'generated' },
      { args: [null], source: 'generated' },
      { args: [3], source: 'doc', expected: { value: 9 } },
    ],
    expected: [undefined, undefined, '9'],
    results: [
      { status: 'threw', error: "TypeError: Cannot read properties of undefined (reading 'length')" },
      { status: 'timeout' },
      { status: 'ok', value: '9' },
    ],
    typeDiagnostics: [{ code: 'TS2322', message: "Type 'string' is not assignable to type 'number'.", line: 3 }],
  });
  assert.equal(feedbackMessage(buildFeedback(o)), [
    'Your implementation of `f` fails these checks:',
    "1. [type] TS2322: Type 'string' is not assignable to type 'number'.",
    '   line: 3',
    '2. [exception] Calling f([1,2], "a") threw.',
    '   input: f([1,2], "a")',
    "   exception: TypeError: Cannot read properties of undefined (reading 'length')",
    '3. [timeout] Calling f(null) did not finish in time (infinite loop?).',
    '   input: f(null)',
    'Fix the code so that every check passes, keeping the same signature. Reply with the complete corrected function only.',
  ].join('\n'));
});

test('unparsable and unloadable code; a passing winner gives no feedback', () => {
  const broken = buildFeedback(fakeOutcome({ score: 5, code: 'function f(x) { return (', signature: LOAD_ERROR }));
  assert.deepEqual(broken.items.map((i) => i.kind), ['parse']);
  const noLoad = buildFeedback(fakeOutcome({ score: 5, code: 'const g = 1;', signature: LOAD_ERROR }));
  assert.deepEqual(noLoad.items.map((i) => i.kind), ['load']);
  const ok = buildFeedback(fakeOutcome({
    score: 50, inputs: [{ args: [1], source: 'doc', expected: { value: 2 } }], expected: ['2'], results: [{ status: 'ok', value: '2' }],
  }));
  assert.equal(hasFeedback(ok), false);
});

test('items are capped and long fields clipped', () => {
  const n = 9;
  const o = fakeOutcome({
    score: 1,
    inputs: Array.from({ length: n }, (_, i) => ({ args: ['x'.repeat(1000 + i)], source: 'generated' as const })),
    results: Array.from({ length: n }, () => ({ status: 'threw' as const, error: 'E' })),
  });
  const f = buildFeedback(o);
  assert.equal(f.items.length, 5);
  assert.ok(f.items[0].input!.length <= 301);
});

test('repairMessages appends the previous answer and the feedback turn', () => {
  const f = buildFeedback(failingDoc('1'));
  const msgs = repairMessages([{ role: 'user', content: 'write f' }], 'function f(x){return 1}', f);
  assert.deepEqual(msgs.map((m) => m.role), ['user', 'assistant', 'user']);
  assert.match(msgs[2].content, /expected: 2/);
});
