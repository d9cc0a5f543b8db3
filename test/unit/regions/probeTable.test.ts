/** Issue 12: the region's hover shows the probe inputs and each cluster's output (regions/probeTable.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../../server/src/regions/summary';
import { hoverMarkdown } from '../../../server/src/regions/hoverText';
import type { RegionSource } from '../../../server/src/protocol';

const use = { id: 'alpha', kind: 'openai-compatible' as const, model: 'm', recorded: false, status: 'ok' as const, latencyMs: 10 };
const cluster = (id: string, passed: number) => ({
  id, size: 1, providers: [id === 'k0' ? 'alpha' : 'beta'], behaviour: `${passed}/2 probes ok`, representative: 'x', insertText: 'x',
  probesPassed: passed, probesTotal: 2,
});
const SOURCE: RegionSource = {
  provider: use, providers: [use], recorded: false, timings: { totalMs: 1, contextMs: 0, generationMs: 1 },
  consensus: {
    clusters: [cluster('k0', 2), cluster('k1', 1)], winnerClusterId: 'k0', hunks: [],
    probes: [
      { input: '"2024-02-29"', source: 'generated', outputs: { k0: '"2024-02-29T00:00:00.000Z"', k1: '"2024-03-01T00:00:00.000Z"' } },
      { input: '-2,0,3', source: 'doc', expected: '0', outputs: { k0: '0', k1: '-2' } },
      { input: '"abc"', source: 'generated', outputs: { k0: 'threw: Error: Invalid ISO date', k1: 'threw: Error: bad' }, rejectedByAll: true },
    ],
  },
  execution: { ran: true, layers: [], probes: 3 },
};

test('the hover lists each probe input with the expected value, the chosen output and the runner-up output', () => {
  const s = summarize(SOURCE);
  assert.equal(s.probeTable?.length, 3);
  const md = hoverMarkdown({ id: 'r', uri: 'file:///a.ts', range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, summary: s, originalText: '', editedShare: 0, stale: false, createdAt: 0 });
  assert.match(md, /\| Input \| Expected \| Chosen code \| Runner-up \|/);
  assert.match(md, /\| `-2,0,3` \| `0` \| `0` \| `-2` \|/);
  assert.match(md, /\| `"2024-02-29"` \| — \| `"2024-02-29T00:00:00.000Z"` \| `"2024-03-01T00:00:00.000Z"` \|/);
  assert.match(md, /`threw: Error: Invalid ISO date` \(every candidate threw: not counted\)/);
});

test('at most six rows, and none without probes', () => {
  const many = { ...SOURCE, consensus: { ...SOURCE.consensus!, probes: Array.from({ length: 12 }, (_, i) => ({ input: String(i), source: 'generated' as const, outputs: { k0: '1' } })) } };
  assert.equal(summarize(many).probeTable?.length, 6);
  assert.equal(summarize({ ...SOURCE, consensus: { ...SOURCE.consensus!, probes: undefined } }).probeTable, undefined);
});
