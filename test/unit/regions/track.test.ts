/** Golden edit sequences for one tracked region (server/src/regions/track.ts) and the tracker. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChange, type Tracked } from '../../../server/src/regions/track';
import { RegionTracker } from '../../../server/src/regions/tracker';
import { offsetAt } from '../../../server/src/regions/find';
import type { RegionSummary } from '../../../server/src/protocol';

const P = (line: number, character: number) => ({ line, character });
const R = (a: number, b: number, c: number, d: number) => ({ start: P(a, b), end: P(c, d) });

/** Applies a change to a plain string the way an editor would (the reference for the tracker). */
function edit(doc: string, range: ReturnType<typeof R>, text: string): string {
  return doc.slice(0, offsetAt(doc, range.start)) + text + doc.slice(offsetAt(doc, range.end));
}

const DOC = 'line0\nfunction f() {\n  return 1;\n}\nline4\n';
const CODE = 'function f() {\n  return 1;\n}';
const region = (): Tracked => ({ range: R(1, 0, 3, 1), text: CODE, edited: 0 });
const textAt = (doc: string, t: Tracked) => doc.slice(offsetAt(doc, t.range.start), offsetAt(doc, t.range.end));

/** Runs a golden sequence: after each change, the region's range must still cover its text in the document. */
function run(changes: [ReturnType<typeof R>, string][]): { doc: string; r: Tracked | null } {
  let doc = DOC;
  let r: Tracked | null = region();
  for (const [range, text] of changes) {
    doc = edit(doc, range, text);
    r = r && applyChange(r, { range, text });
    if (r) assert.equal(textAt(doc, r), r.text, `range follows the text after ${JSON.stringify([range, text])}`);
  }
  return { doc, r };
}

test('insert before the region, on an earlier line and on the same line, moves it', () => {
  const { r } = run([[R(0, 0, 0, 0), 'a\nb\n'], [R(3, 0, 3, 0), '  ']]);
  assert.deepEqual(r?.range, R(3, 2, 5, 1));
  assert.equal(r?.edited, 0);
  assert.equal(r?.text, CODE);
});

test('delete lines before the region moves it up', () => {
  const { r } = run([[R(0, 0, 1, 0), '']]);
  assert.deepEqual(r?.range, R(0, 0, 2, 1));
});

test('insertion exactly at the start is outside (before), at the end is outside (after)', () => {
  const { r } = run([[R(1, 0, 1, 0), '// c\n'], [R(4, 1, 4, 1), ' // end']]);
  assert.deepEqual(r?.range, R(2, 0, 4, 1));
  assert.equal(r?.edited, 0);
});

test('insert inside grows the region and counts as an edit', () => {
  const { r } = run([[R(2, 10, 2, 10), ' + 2'], [R(2, 0, 2, 0), '  const x = 0;\n']]);
  assert.equal(r?.text, 'function f() {\n  const x = 0;\n  return 1 + 2;\n}');
  assert.deepEqual(r?.range, R(1, 0, 4, 1));
  assert.equal(r?.edited, 4 + 15);
});

test('delete inside shrinks the region', () => {
  const { r } = run([[R(2, 9, 2, 10), '']]);
  assert.equal(r?.text, 'function f() {\n  return ;\n}');
  assert.equal(r?.edited, 1);
});

test('an edit across the start boundary clips the head', () => {
  const { r } = run([[R(0, 2, 1, 9), 'XY']]);
  assert.equal(r?.text, 'f() {\n  return 1;\n}');
  assert.deepEqual(r?.range, R(0, 4, 2, 1));
  assert.equal(r?.edited, 9);
});

test('an edit across the end boundary clips the tail (new text joins the region)', () => {
  const { r } = run([[R(3, 0, 4, 2), '}}']]);
  assert.equal(r?.text, 'function f() {\n  return 1;\n}}');
  assert.deepEqual(r?.range, R(1, 0, 3, 2));
  assert.equal(r?.edited, 1 + 2);
});

test('deleting the whole region removes it', () => {
  assert.equal(run([[R(1, 0, 3, 1), '']]).r, null);
  assert.equal(run([[R(0, 3, 4, 0), 'x']]).r, null);
});

const SUMMARY: RegionSummary = { providers: ['local'], models: ['m'], recorded: false, outcomes: [], checks: [] };

test('tracker: a heavy edit marks the region stale, a light one does not', () => {
  const t = new RegionTracker();
  const uri = 'file:///a.ts';
  t.add(uri, R(1, 0, 3, 1), CODE, SUMMARY);
  t.applyChanges(uri, [{ range: R(2, 9, 2, 10), text: '2' }]);
  assert.equal(t.list(uri)[0].stale, false);
  t.applyChanges(uri, [{ range: R(2, 2, 2, 11), text: 'throw new Error("not implemented yet");' }]);
  const [r] = t.list(uri);
  assert.equal(r.stale, true);
  assert.ok(r.editedShare > 0.5, String(r.editedShare));
  t.applyChanges(uri, [{ range: R(0, 0, 0, 0), text: '\n' }]);
  assert.equal(t.list(uri)[0].stale, true, 'stale stays stale');
  assert.equal(t.list(uri)[0].range.start.line, 2);
});

test('tracker: changes apply in order; a full-text change re-finds the region by content', () => {
  const t = new RegionTracker();
  const uri = 'file:///b.ts';
  let changes = 0;
  t.onDidChange(() => changes++);
  t.add(uri, R(1, 0, 3, 1), CODE, SUMMARY);
  t.applyChanges(uri, [{ range: R(0, 0, 0, 0), text: 'x\n' }, { range: R(0, 0, 0, 0), text: 'y\n' }]);
  assert.deepEqual(t.list(uri)[0].range, R(3, 0, 5, 1));
  t.applyChanges(uri, [{ text: `header\n\n${CODE}\n` }]);
  assert.deepEqual(t.list(uri)[0].range, R(2, 0, 4, 1));
  t.applyChanges(uri, [{ text: 'nothing left' }]);
  assert.deepEqual(t.list(uri), []);
  assert.equal(changes, 4);
});

test('tracker: a new region replaces the ones it overlaps; at() finds the region under a position', () => {
  const t = new RegionTracker();
  const uri = 'file:///c.ts';
  const a = t.add(uri, R(1, 0, 3, 1), CODE, SUMMARY);
  const b = t.add(uri, R(5, 0, 6, 0), 'x', SUMMARY);
  assert.equal(t.at(uri, P(2, 3))?.id, a.id);
  assert.equal(t.at(uri, P(4, 0)), undefined);
  const c = t.add(uri, R(2, 0, 2, 5), 'hello', SUMMARY);
  assert.deepEqual(t.list(uri).map((r) => r.id), [c.id, b.id]);
});
