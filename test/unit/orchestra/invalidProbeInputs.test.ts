/**
 * Issue 12: correct code is never shown as failing because of invalid probe inputs. The
 * demo's `parseIsoDate` (demo/src/dates.ts and its recorded answer) throws on anything but a
 * real YYYY-MM-DD date, as its intent says; inputs on which every candidate throws the same
 * way are not evidence against it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findSite } from '../../../server/src/context/siteFinder';
import { extractCandidate, groupCandidates } from '../../../server/src/orchestra/candidates';
import { decide } from '../../../server/src/orchestra/decide';
import { buildFeedback } from '../../../server/src/reasoning/feedback';
import { toSelectionOutcome } from '../../../server/src/reasoning/outcome';

const ROOT = path.join(__dirname, '..', '..', '..');
const TEXT = fs.readFileSync(path.join(ROOT, 'demo', 'src', 'dates.ts'), 'utf8');
const RECORDED = fs.readFileSync(path.join(ROOT, 'server', 'assets', 'demo-recording.jsonl'), 'utf8').split('\n')
  .filter((l) => l.trim()).map((l) => JSON.parse(l) as { match: { symbol?: string }; text: string })
  .find((r) => r.match.symbol === 'parseIsoDate')!.text;

test("the demo's correct parseIsoDate is not scored as failing on inputs it rightly rejects", async () => {
  const line = TEXT.split('\n').findIndex((l) => l.includes('weaver:'));
  const found = findSite(TEXT, 'dates.ts', { position: { line, character: 5 } })!;
  assert.ok(found, 'the intent comment is a site');
  const candidates = groupCandidates([{ providerId: 'recorded', sample: 0, value: extractCandidate(RECORDED, TEXT, found)! }]);
  assert.match(candidates[0].code, /Invalid ISO date/);
  const d = await decide({ text: TEXT, fileName: 'dates.ts', found, candidates, execution: { allowed: true }, signal: new AbortController().signal });
  assert.equal(d.execution.ran, true, JSON.stringify(d.execution));
  const [winner] = d.consensus.clusters;
  assert.doesNotMatch(winner.behaviour, /^0\//, winner.behaviour);
  assert.ok(winner.probesTotal > 0, `some probe counts: ${winner.behaviour}`);
  assert.equal(winner.probesPassed, winner.probesTotal, winner.behaviour);
  assert.equal(d.quality.components.runsClean, 1, JSON.stringify(d.quality.components));
  assert.equal(d.consensus.checks?.probesClean, 1);
  // The evidence shows the inputs: some are real dates it parses, the rejected ones are marked.
  const probes = d.consensus.probes ?? [];
  assert.ok(probes.some((p) => !p.outputs.k0.startsWith('threw')), JSON.stringify(probes));
  const rejected = probes.filter((p) => p.outputs.k0.startsWith('threw'));
  for (const p of rejected) assert.equal(p.rejectedByAll, true, JSON.stringify(p));
  // Nothing for a repair round to act on: the rejected inputs are not the code's fault.
  const feedback = buildFeedback(toSelectionOutcome(d.detail.entryPoint, d.detail.candidates, d.detail.consensus, []));
  assert.deepEqual(feedback.items, []);
});
