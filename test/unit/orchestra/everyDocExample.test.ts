/**
 * Issue 12: every doc example counts. A doc comment with three examples on separate lines (read into the site's
 * one-line summary too),
 * and a wrong answer (two providers) that fails only the FIRST example: decide() runs the
 * candidates in the real sandbox and must not let the wrong answer win.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSite } from '../../../server/src/context/siteFinder';
import { extractCandidate, groupCandidates } from '../../../server/src/orchestra/candidates';
import { decide } from '../../../server/src/orchestra/decide';

const TEXT = [
  '/**',
  ' * Clamp x into [lo, hi].',
  ' * clamp(-2, 0, 3) === 0',
  ' * clamp(5, 0, 3) === 3',
  ' * clamp(1, 0, 3) === 1',
  ' */',
  'export function clamp(x: number, lo: number, hi: number): number {',
  '}',
  '',
].join('\n');

// Wrong only below the range: clamp(-2, 0, 3) gives -2; right on the other two examples.
const WRONG = 'return x > hi ? hi : x;';
const RIGHT = 'return Math.min(hi, Math.max(lo, x));';

test('three example lines under the summary: the answer failing only the first does not win', async () => {
  const found = findSite(TEXT, 'clamp.ts', { position: { line: 7, character: 0 } })!;
  assert.ok(found, 'the stub body is a site');
  const answers = [['p1', WRONG], ['p2', WRONG], ['p3', RIGHT]] as const;
  const candidates = groupCandidates(answers.map(([providerId, code], sample) => ({ providerId, sample, value: extractCandidate(code, TEXT, found)! })));
  const d = await decide({ text: TEXT, fileName: 'clamp.ts', found, candidates, execution: { allowed: true }, signal: new AbortController().signal });
  assert.equal(d.execution.ran, true, JSON.stringify(d.execution));
  assert.match(d.winner.code, /Math\.min/, `winner: ${d.winner.code}; quality ${d.quality.score}`);
  assert.equal(d.quality.components.docTotal, 3, JSON.stringify(d.quality.components));
  assert.equal(d.quality.components.docPassed, 3);
  const docProbes = (d.consensus.probes ?? []).filter((p) => p.source === 'doc');
  assert.equal(docProbes.length, 3);
  assert.deepEqual(docProbes.map((p) => p.expected), ['0', '3', '1']);
});
