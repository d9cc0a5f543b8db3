/** The evidence view's stage names are full and distinct, and its tab says what and where (not a hash). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceTitle, spanLabels, stageName } from '../../../client/src/ui/evidenceLabels';

const span = (spanId: string, name: string, attributes: Record<string, string | number> = {}) => ({ spanId, name, attributes });

test('stage names are plain and complete', () => {
  assert.equal(stageName('weavergen.sandbox.run'), 'Sandbox run');
  assert.equal(stageName('weavergen.extract.candidates'), 'Extract candidates');
  assert.equal(stageName('chat gpt-4o-mini'), 'chat gpt-4o-mini');
});

test('two spans of the same stage are told apart by what differs, else numbered', () => {
  const labels = spanLabels([
    span('a', 'weavergen.generate'),
    span('b', 'weavergen.sandbox.run', { 'weavergen.sandbox.purpose': 'probes', 'weavergen.provider.id': 'x' }),
    span('c', 'weavergen.sandbox.run', { 'weavergen.sandbox.purpose': 'tests', 'weavergen.provider.id': 'x' }),
    span('d', 'weavergen.typecheck'),
    span('e', 'weavergen.typecheck'),
  ]);
  assert.deepEqual(labels, { a: 'Generate', b: 'Sandbox run (probes)', c: 'Sandbox run (tests)', d: 'Type check #1', e: 'Type check #2' });
  assert.equal(new Set(Object.values(labels)).size, 5, 'every label distinct');
});

test('the tab title names the intent and place, never the trace hash', () => {
  const region = { uri: 'file:///w/src/shapes.ts', range: { start: { line: 11, character: 0 }, end: { line: 12, character: 0 } }, summary: { intent: 'area of a rectangle', providers: [], models: [], recorded: false, outcomes: [], checks: [] } };
  const title = evidenceTitle({ traceId: '0af7651916cd43dd8448eb211c80319c', region });
  assert.equal(title, 'Evidence: area of a rectangle (shapes.ts:12)');
  assert.equal(evidenceTitle({ traceId: '0af7651916cd43dd8448eb211c80319c' }, 'weavergen.generate'), 'Evidence: Generate');
  assert.ok(!evidenceTitle({ traceId: '0af7651916cd43dd8448eb211c80319c' }).includes('0af76519'));
});
