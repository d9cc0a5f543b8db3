/** The bounded evidence a result carries (orchestra/evidence.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cap, checkEvidence, MAX_EVIDENCE_CHARS, MAX_EVIDENCE_PROBES, outputText, probeEvidence } from '../../../server/src/orchestra/evidence';

test('probe inputs with each cluster output, capped in count and size', () => {
  const inputs = Array.from({ length: 20 }, (_, i) => ({ args: [i, 'x'.repeat(i === 1 ? 500 : 1)], source: i === 0 ? 'doc' as const : 'generated' as const }));
  const ok = inputs.map((_, i) => ({ status: 'ok' as const, value: String(i * 2) }));
  const probes = probeEvidence(inputs, ['0', undefined], [
    { id: 'k0', results: ok },
    { id: 'k1', results: inputs.map(() => ({ status: 'threw' as const, error: 'TypeError: boom' })) },
    { id: 'k2' },
  ]);
  assert.equal(probes.length, MAX_EVIDENCE_PROBES);
  assert.deepEqual(probes[0], { input: '0,"x"', source: 'doc', expected: '0', outputs: { k0: '0', k1: 'threw: TypeError: boom', k2: 'not run' } });
  assert.equal(probes[1].input.length, MAX_EVIDENCE_CHARS);
  assert.ok(probes[1].input.endsWith('…'));
  assert.equal(probes[1].expected, undefined);
  assert.equal(outputText({ status: 'timeout' }), 'timeout');
  assert.equal(outputText(undefined), 'not run');
  assert.equal(cap('abc', 2), 'a…');
});

test('check counts; typeChecked left out when unknown', () => {
  assert.deepEqual(checkEvidence({ candidates: 3, parsed: 2, probesClean: 1, executed: true }), { candidates: 3, parsed: 2, probesClean: 1, executed: true });
  assert.equal(checkEvidence({ candidates: 3, parsed: 3, typeChecked: 2, probesClean: 0, executed: false }).typeChecked, 2);
});

test('decide() puts probe evidence and check counts into the consensus info', async () => {
  const { findSite } = await import('../../../server/src/context/siteFinder');
  const { extractCandidate, groupCandidates } = await import('../../../server/src/orchestra/candidates');
  const { decide } = await import('../../../server/src/orchestra/decide');
  const text = '/** Sum of a and b. */\nexport function add(a: number, b: number): number {\n}\n';
  const found = findSite(text, 'add.ts', { position: { line: 2, character: 0 } })!;
  const answers = [['p1', 'return a + b;'], ['p2', 'return a - b;'], ['p3', 'return a + b;']] as const;
  const candidates = groupCandidates(answers.map(([providerId, code], sample) => ({ providerId, sample, value: extractCandidate(code, text, found)! })));
  const d = await decide({ text, fileName: 'add.ts', found, candidates, execution: { allowed: true }, signal: new AbortController().signal });
  const probes = d.consensus.probes!;
  assert.ok(probes.length > 0 && probes.length <= MAX_EVIDENCE_PROBES);
  assert.deepEqual(Object.keys(probes[0].outputs).sort(), d.consensus.clusters.map((c) => c.id).sort());
  const differing = probes.find((p) => p.outputs.k0 !== p.outputs.k1);
  assert.ok(differing, 'a + b and a - b differ on some probe');
  assert.deepEqual(d.consensus.checks, { candidates: 2, parsed: 2, typeChecked: 2, probesClean: 2, executed: true });
});
