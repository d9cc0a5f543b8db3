/** Issue 13, item 5: a missing-member answer (class members) that type-checks is not judged "does not parse". */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentsFromSelection } from '../../../server/src/quality/fromSelection';
import type { RankedCluster } from '../../../server/src/consensus/select';

const winner = { components: { cleanShare: 1, sizeShare: 1, providerShare: 1, docPassed: 0, docTotal: 0, trackRecord: 0.5 } } as unknown as RankedCluster;

test('class members inserted into a class parse; statements parse; broken code does not', () => {
  const members = 'area(): number {\n  return this.side * this.side;\n}\n\nperimeter(): number {\n  return 4 * this.side;\n}';
  assert.equal(componentsFromSelection(winner, members, true).parses, 1);
  assert.equal(componentsFromSelection(winner, 'private readonly cache = new Map<string, number>();', true).parses, 1);
  assert.equal(componentsFromSelection(winner, 'return a + b;', true).parses, 1);
  assert.equal(componentsFromSelection(winner, 'area(): number { return (1 + ; }', false).parses, 0);
});
