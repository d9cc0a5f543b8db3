/**
 * Existing workspace tests as probe evidence, over the real protocol: two providers agree
 * on a wrong `clamp`, one gives the right one. With no tests the majority wins; with a
 * sibling `math.test.ts` on disk (or an open `*.spec.ts` document) the examples it asserts
 * become probes with expected values (source 'test') and the right answer wins.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { GenerateRequest, type GenerateResult } from '../../server/src/protocol';
import { settingsFor, startClient, type TestClient } from './harness';
import { fence } from './fixtures';

const SOURCE = [
  'export function clamp(x: number, lo: number, hi: number): number {',
  '',
  '}',
  '',
].join('\n');
const AT = { line: 1, character: 0 };
const TESTS = [
  "import { expect, test } from 'vitest';",
  "import { clamp } from './math';",
  "test('clamp', () => {",
  '  expect(clamp(5, 0, 3)).toBe(3);',
  '  expect(clamp(-1, 0, 3)).toBe(0);',
  '  expect(clamp(2, 0, 3)).toEqual(2);',
  '});',
  '',
].join('\n');
const WRONG = fence('return x;');
const RIGHT = fence('return Math.min(hi, Math.max(lo, x));');

let fake: FakeModelServer;
let client: TestClient;
let root: string;

before(async () => {
  fake = await startFakeModelServer();
  fake.setReply(WRONG, 'm-wrong1');
  fake.setReply(WRONG, 'm-wrong2');
  fake.setReply(RIGHT, 'm-right');
  root = await mkdtemp(path.join(tmpdir(), 'weavergen-wstests-'));
  client = await startClient({
    settings: settingsFor([
      { id: 'wrong1', baseURL: fake.openaiBaseURL, model: 'm-wrong1' },
      { id: 'wrong2', baseURL: fake.openaiBaseURL, model: 'm-wrong2' },
      { id: 'right', baseURL: fake.openaiBaseURL, model: 'm-right' },
    ], { orchestra: { quorum: 3 } }), // every answer arrives: two identical ones must not stop the fan-out
    trusted: true,
  });
});
after(async () => {
  if (client) assert.equal(await client.close(), 0);
  await fake?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function generateIn(dir: string): Promise<GenerateResult> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'math.ts');
  await writeFile(file, SOURCE);
  const uri = pathToFileURL(file).href;
  client.open(uri, SOURCE);
  const r = await client.conn.sendRequest(GenerateRequest, { textDocument: { uri }, position: AT });
  assert.equal(r.execution?.ran, true, r.execution?.reason);
  return r;
}

const winnerProviders = (r: GenerateResult) => r.consensus!.clusters.find((c) => c.id === r.consensus!.winnerClusterId)!.providers;

test('without tests in the workspace, the majority (wrong) answer wins', async () => {
  const r = await generateIn(path.join(root, 'none'));
  assert.deepEqual(winnerProviders(r), ['wrong1', 'wrong2']);
  assert.match(r.code, /return x;/);
  assert.ok(r.consensus!.probes!.every((p) => p.source === 'generated'), JSON.stringify(r.consensus!.probes));
});

test('a sibling math.test.ts on disk: its asserted examples become probes and the right answer wins', async () => {
  const dir = path.join(root, 'sibling');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'math.test.ts'), TESTS);
  const r = await generateIn(dir);
  assert.deepEqual(winnerProviders(r), ['right']);
  assert.match(r.code, /Math\.min\(hi, Math\.max\(lo, x\)\)/);
  const fromTests = r.consensus!.probes!.filter((p) => p.source === 'test');
  assert.deepEqual(fromTests.map((p) => [p.input, p.expected]), [['5,0,3', '3'], ['-1,0,3', '0'], ['2,0,3', '2']]);
  const wrong = r.consensus!.clusters.find((c) => c.providers.includes('wrong1'))!;
  assert.deepEqual(fromTests.map((p) => p.outputs[r.consensus!.winnerClusterId]), ['3', '0', '2']);
  assert.deepEqual(fromTests.map((p) => p.outputs[wrong.id]), ['5', '-1', '2']);
});

test('an open test document elsewhere (not on disk) is read too', async () => {
  const spec = pathToFileURL(path.join(root, 'elsewhere', 'clamp.spec.ts')).href;
  client.open(spec, TESTS.replace("from './math'", "from '../open/math'"));
  const r = await generateIn(path.join(root, 'open'));
  assert.deepEqual(winnerProviders(r), ['right']);
  assert.equal(r.consensus!.probes!.filter((p) => p.source === 'test').length, 3);
});
