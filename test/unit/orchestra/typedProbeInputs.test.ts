/**
 * Issue 12 (item 4, probe inputs from real types): the site function takes an
 * interface-typed request; the probes are built from the checker's types (an object with a
 * literal-union method, a string path, a string array and an optional header record), not
 * from the parameter's name (which gave `0`, on which every candidate threw).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSite } from '../../../server/src/context/siteFinder';
import { extractCandidate, groupCandidates } from '../../../server/src/orchestra/candidates';
import { decide } from '../../../server/src/orchestra/decide';
import { paramShapesOf } from '../../../server/src/orchestra/paramShapes';
import { deriveProbeInputs } from '../../../server/src/consensus/probeInputs';

const TEXT = [
  "type Method = 'GET' | 'POST' | 'DELETE';",
  'interface Request {',
  '  method: Method;',
  '  path: string;',
  '  tags: string[];',
  '  headers?: Record<string, string>;',
  '}',
  '',
  '/** A one-line summary of a request: its method, path and how many tags it has. */',
  'export function summary(req: Request): string {',
  '}',
  '',
].join('\n');

test('an interface-typed parameter is probed with objects of its shape, and candidates that differ are told apart', async () => {
  const found = findSite(TEXT, 'summary.ts', { position: { line: 10, character: 0 } })!;
  assert.ok(found);
  const answers = [
    ['p1', 'return `${req.method} ${req.path} (${req.tags.length})`;'],
    ['p2', 'return req.method + " " + req.path + " (" + req.tags.length + ")";'],
    ['p3', 'return `${req.method} ${req.path} (${req.tags.join(",").length})`;'],
  ] as const;
  const candidates = groupCandidates(answers.map(([providerId, code], sample) => ({ providerId, sample, value: extractCandidate(code, TEXT, found)! })));
  const d = await decide({ text: TEXT, fileName: 'summary.ts', found, candidates, execution: { allowed: true }, signal: new AbortController().signal });
  assert.equal(d.execution.ran, true, JSON.stringify(d.execution));
  const probes = d.consensus.probes ?? [];
  assert.ok(probes.length >= 3, JSON.stringify(probes));
  for (const p of probes) {
    const req = JSON.parse(p.input) as { method: string; path: unknown; tags: unknown };
    assert.ok(['GET', 'POST', 'DELETE'].includes(req.method), p.input);
    assert.equal(typeof req.path, 'string', p.input);
    assert.ok(Array.isArray(req.tags), p.input);
  }
  const [winner, other] = d.consensus.clusters;
  assert.equal(winner.size, 2, JSON.stringify(d.consensus.clusters.map((c) => c.behaviour)));
  assert.equal(winner.probesPassed, winner.probesTotal);
  assert.ok(winner.probesTotal > 0);
  assert.ok(other, 'the tag-length variant behaves differently on some typed input');
  assert.match(d.winner.code, /tags\.length/);
});

test('the checker describes literal unions, enums, arrays, tuples, optionals and nested shapes', () => {
  const text = [
    'enum Level { Low = 1, High = 2 }',
    "interface Opts { mode: 'a' | 'b'; depth?: number; inner: { on: boolean } }",
    'export function f(level: Level, pair: [string, number], xs: number[], opts: Opts, note?: string, flag = false): void {}',
  ].join('\n');
  const shapes = paramShapesOf('f.ts', text, 'f')!;
  assert.deepEqual(shapes.map((s) => [s.name, s.optional]), [['level', false], ['pair', false], ['xs', false], ['opts', false], ['note', true], ['flag', true]]);
  assert.deepEqual(shapes[0].shape, { kind: 'union', of: [{ kind: 'literal', value: 1 }, { kind: 'literal', value: 2 }] });
  assert.deepEqual(shapes[1].shape, { kind: 'tuple', of: [{ kind: 'string' }, { kind: 'number' }] });
  assert.deepEqual(shapes[2].shape, { kind: 'array', of: { kind: 'number' } });
  assert.deepEqual(shapes[3].shape, { kind: 'object', props: [
    { name: 'mode', shape: { kind: 'union', of: [{ kind: 'literal', value: 'a' }, { kind: 'literal', value: 'b' }] }, optional: false },
    { name: 'depth', shape: { kind: 'number' }, optional: true },
    { name: 'inner', shape: { kind: 'object', props: [{ name: 'on', shape: { kind: 'boolean' }, optional: false }] }, optional: false },
  ] });
  assert.deepEqual(shapes[4].shape, { kind: 'string' });
  assert.deepEqual(shapes[5].shape, { kind: 'boolean' });

  const inputs = deriveProbeInputs('export function f(level, pair, xs, opts, note, flag) {', 'f', { max: 10, paramShapes: shapes });
  assert.equal(inputs.length, 10);
  for (const { args } of inputs) {
    assert.ok(args[0] === 1 || args[0] === 2, JSON.stringify(args));
    assert.ok(Array.isArray(args[1]) && typeof (args[1] as unknown[])[0] === 'string' && typeof (args[1] as unknown[])[1] === 'number');
    assert.ok(Array.isArray(args[2]) && (args[2] as unknown[]).every((x) => typeof x === 'number'));
    const o = args[3] as { mode: string; inner: { on: unknown } };
    assert.ok(o.mode === 'a' || o.mode === 'b', JSON.stringify(o));
    assert.equal(typeof o.inner.on, 'boolean');
  }
});
