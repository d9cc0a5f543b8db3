import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSite } from '../../../server/src/context/siteFinder';
import { buildPrompt, estimateTokens, SYSTEM_PROMPT } from '../../../server/src/context/promptBuilder';

const GEO = `import { readFile } from 'node:fs/promises';

interface Point { x: number; y: number }
interface Unused { z: string }
type Path = Point[];

const ORIGIN: Point = { x: 0, y: 0 };

/** Total length of the path. */
export function pathLength(path: Path): number {
}

export function other() {
  return 1;
}
`;

function site(text: string, line: number, character: number, intent?: string) {
  const f = findSite(text, 'geo.ts', { position: { line, character }, intent });
  assert.ok(f);
  return f;
}

test('golden: body site with full budget', () => {
  const p = buildPrompt(GEO, 'geo.ts', site(GEO, 9, 20), 2000);
  assert.equal(p.system, SYSTEM_PROMPT);
  assert.equal(p.user, [
    'File: geo.ts',
    '',
    'Imports:\n```ts\nimport { readFile } from \'node:fs/promises\';\n```',
    '',
    'Local types:\n```ts\ninterface Point { x: number; y: number }\n\ntype Path = Point[];\n\ninterface Unused { z: string }\n```',
    '',
    'Code around the site:\n```ts\nconst ORIGIN: Point = { x: 0, y: 0 };\n\n// <the enclosing declaration, shown below>\n\nexport function other() {\n  return 1;\n}\n```',
    '',
    'Enclosing declaration:\n```ts\n/** Total length of the path. */\nexport function pathLength(path: Path): number {\n}\n```',
    '',
    'Task: write the body of `pathLength` (signature: `export function pathLength(path: Path): number`).\n' +
      'Intent: Total length of the path.\nReply with one ```ts block holding only the body statements.',
  ].join('\n'));
  assert.deepEqual(p.dropped, []);
  assert.equal(p.tokens, estimateTokens(p.system) + estimateTokens(p.user));
});

test('budget: nearby code is dropped first, then unreferenced types; referenced types stay', () => {
  const full = buildPrompt(GEO, 'geo.ts', site(GEO, 9, 20), 2000);
  const tight = buildPrompt(GEO, 'geo.ts', site(GEO, 9, 20), full.tokens - 20);
  assert.ok(tight.tokens <= full.tokens - 20);
  assert.deepEqual(tight.dropped, ['nearby code']);
  assert.ok(!tight.user.includes('Code around the site'));
  assert.match(tight.user, /interface Unused/);
  const tighter = buildPrompt(GEO, 'geo.ts', site(GEO, 9, 20), full.tokens - 40);
  assert.ok(tighter.tokens <= full.tokens - 40);
  assert.deepEqual(tighter.dropped, ['nearby code', 'type Unused']);
  assert.match(tighter.user, /type Path = Point\[\];/);
  assert.match(tighter.user, /interface Point/);
  assert.match(tighter.user, /Total length of the path/);
});

test('intent comment at top level: declaration task with a marker in nearby code', () => {
  const text = 'import x from "x";\nconst a = 1;\n// weaver: a function that doubles a number\n\nconst b = 2;\n';
  const p = buildPrompt(text, 'm.ts', site(text, 2, 4), 2000);
  assert.match(p.user, /const a = 1;\n\/\/ weaver: a function that doubles a number\n\/\/ <generated code goes here>\n\nconst b = 2;/);
  assert.match(p.user, /Intent: a function that doubles a number/);
  assert.match(p.user, /only the complete declaration\(s\)/);
  assert.doesNotMatch(p.user, /Enclosing declaration/);
});

test('selection: the selected code and the intent are in the task', () => {
  const text = 'const xs = [1, 2];\nconst ys = xs.map((x) => x + 1);\n';
  const f = findSite(text, 's.ts', { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 32 } }, intent: 'use a loop' });
  const p = buildPrompt(text, 's.ts', f!, 2000);
  assert.match(p.user, /Selected code:\n```ts\nconst ys = xs\.map\(\(x\) => x \+ 1\);\n```\nIntent: use a loop/);
});
