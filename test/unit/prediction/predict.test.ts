import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeAcceptance, predictSites, type PredictedSite } from '../../../server/src/prediction';
import { findSite } from '../../../server/src/context/siteFinder';
import { CALLS, SERVICE, SHAPES, at } from './fixtures';

const summary = (sites: PredictedSite[]) => sites.map((s) => `${s.kind}:${s.symbol ?? '-'}`).sort();

test('service file: every kind of site, golden', () => {
  const sites = predictSites(SERVICE, 'users.ts');
  assert.deepEqual(summary(sites), [
    'empty-body:findByEmail',
    'intent-comment:-',
    'missing-function:isActive',
    'missing-test:countActive',
    'missing-test:loadUsers',
    'stub-body:deleteUser',
    'stub-body:rename',
    'todo-comment:loadUsers',
  ]);
  const find = (k: string) => sites.find((s) => s.kind === k)!;
  assert.equal(find('empty-body').intent, 'Finds a user by e-mail, case-insensitively.');
  assert.equal(find('intent-comment').intent, 'a function that groups users by e-mail domain');
  assert.equal(find('missing-function').target, 'insert');
  assert.match(find('missing-function').intent, /isActive\(u\)/);
  assert.equal(find('missing-test').target, 'test');
  assert.equal(find('todo-comment').intent, 'validate the shape of each user');
  assert.equal(sites.find((s) => s.symbol === 'rename')!.intent, 'rename the user and keep the list sorted');
});

test("'site' predictions resolve through findSite at their position to the same range", () => {
  for (const s of predictSites(SERVICE, 'users.ts').filter((p) => p.target === 'site')) {
    const found = findSite(SERVICE, 'users.ts', { position: s.position });
    assert.ok(found, `${s.kind} ${s.symbol}`);
    assert.deepEqual(found.site.range, s.range, `${s.kind} ${s.symbol}`);
  }
});

test('class implementing a local interface (and extending an abstract class): missing members only', () => {
  const sites = predictSites(SHAPES, 'shapes.ts').filter((s) => s.kind === 'missing-member');
  // name: parameter property; perimeter: inherited from Base; describe?: optional.
  assert.deepEqual(sites.map((s) => s.symbol).sort(), ['Square.area', 'Square.scale']);
  const area = sites.find((s) => s.symbol === 'Square.area')!;
  assert.match(area.intent, /`area\(\): number` \(declared in `Shape`\)/);
  // Inserted on the line of the class's closing brace, before it.
  const closing = SHAPES.lastIndexOf('}');
  const lineOfClosing = SHAPES.slice(0, closing).split('\n').length - 1;
  assert.deepEqual(area.range, { start: { line: lineOfClosing, character: 0 }, end: { line: lineOfClosing, character: 0 } });
  const scale = sites.find((s) => s.symbol === 'Square.scale')!;
  assert.match(scale.intent, /`scale\(k: number\): void` \(declared in `Base`\)/);
});

test('calls of undeclared functions; imports, globals, parameters and locals are not missing', () => {
  const sites = predictSites(CALLS, 'calc.ts').filter((s) => s.kind === 'missing-function');
  assert.deepEqual(sites.map((s) => s.symbol), ['evaluate', 'normalizeTotal']);
  const ev = sites[0];
  assert.deepEqual(ev.position, at(CALLS, 'evaluate('));
  // Inserted after the top-level statement holding the call (the run function).
  const afterRun = CALLS.indexOf('\n}\n') + 3;
  const line = CALLS.slice(0, afterRun).split('\n').length - 1;
  assert.deepEqual(ev.range.start, { line, character: 0 });
});

test('TODO and stub bodies; intentionally empty functions are not sites', () => {
  const text = [
    'export class A {',
    '  constructor(private readonly x: number) {}',
    '  go(): void {',
    '    // TODO: go somewhere',
    '  }',
    '  stop(): void {',
    '    throw new Error("Not yet implemented");',
    '  }',
    '}',
    'promise.catch(() => {});',
    'export const handler = () => {};',
    '',
  ].join('\n');
  const sites = predictSites(text, 'a.ts');
  assert.deepEqual(summary(sites), ['empty-body:handler', 'stub-body:go', 'stub-body:stop']);
  assert.equal(sites.find((s) => s.symbol === 'go')!.intent, 'go somewhere');
});

test('a signature just typed: the latest edit is in the header of an empty body', () => {
  const text = 'export function a(): number {\n  return 1;\n}\n\nexport function parseAge(input: string): number {}\n\nfunction other() {}\n';
  const header = text.indexOf('input: string');
  const sites = predictSites(text, 'a.ts', { recentEdits: [{ offset: 3, time: 1000 }, { offset: header, time: 2000 }], now: 2000 });
  const typed = sites.find((s) => s.symbol === 'parseAge')!;
  assert.equal(typed.kind, 'signature-typed');
  assert.equal(sites[0], typed, 'the freshly typed signature ranks first');
  assert.equal(sites.find((s) => s.symbol === 'other')!.kind, 'empty-body');
  // Without the edit it is a plain empty body.
  assert.equal(predictSites(text, 'a.ts').find((s) => s.symbol === 'parseAge')!.kind, 'empty-body');
});

test('missing tests: a sibling test file counts; test files themselves produce none', () => {
  const testFile = { fileName: 'users.test.ts', text: "test('loadUsers reads the file', () => {});\n" };
  const sites = predictSites(SERVICE, 'users.ts', { testFile }).filter((s) => s.kind === 'missing-test');
  assert.deepEqual(sites.map((s) => s.symbol), ['countActive']);
  assert.equal(sites[0].testFile, 'users.test.ts');
  const inFile = 'export function f(x: number) {\n  return x;\n}\nexport function g() {\n  return 2;\n}\ndescribe("f", () => { test("f doubles", () => f(1)); });\n';
  assert.deepEqual(predictSites(inFile, 'm.ts').filter((s) => s.kind === 'missing-test').map((s) => s.symbol), ['g']);
  assert.deepEqual(predictSites(inFile, 'm.test.ts').filter((s) => s.kind === 'missing-test'), []);
});

test('ranking by cursor distance', () => {
  const text = 'function a() {}\n' + '\n'.repeat(30) + 'function b() {}\n';
  const nearA = predictSites(text, 'a.ts', { cursor: { line: 0, character: 0 } });
  assert.deepEqual(nearA.map((s) => s.symbol), ['a', 'b']);
  const nearB = predictSites(text, 'a.ts', { cursor: text.length - 1 });
  assert.deepEqual(nearB.map((s) => s.symbol), ['b', 'a']);
  assert.ok(nearB[0].score > nearB[1].score);
  assert.ok(nearB[0].reasons.includes('cursor is on it'));
});

test('ranking by per-kind acceptance (Laplace-smoothed) breaks an equal distance', () => {
  const text = 'function stub() {\n  throw new Error("not implemented");\n}\n\n\n\nfunction empty() {}\n';
  const cursor = { line: 4, character: 0 };
  const favourStub = predictSites(text, 'a.ts', { cursor, acceptedByKind: { 'stub-body': { accepted: 9, shown: 10 }, 'empty-body': { accepted: 0, shown: 10 } } });
  assert.deepEqual(favourStub.map((s) => s.symbol), ['stub', 'empty']);
  const favourEmpty = predictSites(text, 'a.ts', { cursor, acceptedByKind: { 'stub-body': { accepted: 0, shown: 10 }, 'empty-body': { accepted: 9, shown: 10 } } });
  assert.deepEqual(favourEmpty.map((s) => s.symbol), ['empty', 'stub']);
  assert.ok(favourEmpty[0].reasons.includes('empty-body accepted 9/10'));
});

test('ranking by recent edits near a site; deterministic output', () => {
  const text = 'function a() {}\n' + '\n'.repeat(30) + 'function b() {}\n';
  const opts = { cursor: 27 /* line 12: closer to a */, recentEdits: [{ offset: text.indexOf('function b'), time: 9_000 }], now: 10_000 };
  const sites = predictSites(text, 'a.ts', opts);
  assert.equal(sites[0].symbol, 'b');
  const stale = predictSites(text, 'a.ts', { ...opts, now: 10_000_000 });
  assert.equal(stale[0].symbol, 'a', 'an hour-old edit no longer counts');
  assert.deepEqual(predictSites(text, 'a.ts', opts), sites);
});

test('mergeAcceptance sums this session and the learned history per kind; bad counts are ignored', () => {
  const merged = mergeAcceptance(
    { 'empty-body': { accepted: 1, shown: 2 } },
    { 'empty-body': { accepted: 3.5, shown: 5 }, 'stub-body': { accepted: 2, shown: 1 }, bad: { accepted: NaN, shown: 1 } },
    undefined,
  );
  assert.deepEqual(merged, { 'empty-body': { accepted: 4.5, shown: 7 }, 'stub-body': { accepted: 2, shown: 2 } });
});
