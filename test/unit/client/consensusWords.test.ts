/** Show Consensus Diff with a single candidate says so, instead of "every candidate agreed". */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noRunnerUpMessage } from '../../../client/src/ui/consensusWords';

test('one candidate: "only one candidate", never "agreed"', () => {
  const m = noRunnerUpMessage([{ size: 1, providers: ['local'] }]);
  assert.match(m, /only one candidate \(from local\)/);
  assert.doesNotMatch(m, /agree/);
});

test('several candidates in one cluster: all of them behaved the same, with the count', () => {
  assert.match(noRunnerUpMessage([{ size: 3, providers: ['a', 'b', 'a'] }]), /all 3 candidates behaved the same \(a, b\)/);
});
