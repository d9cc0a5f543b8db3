/** `weavergen bench selection` through the built CLI (dist/cli.js), on inline tasks and candidates. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CANDIDATE_LINES, tasksJsonl } from '../unit/bench/fixtures';
import { startFakeModelServer } from '../support/fakeModelServer';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
let dir: string;
let tasks: string;
let candidates: string;

function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

before(() => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run "node esbuild.mjs" first`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weavergen-bench-'));
  tasks = path.join(dir, 'tasks.jsonl');
  candidates = path.join(dir, 'candidates.jsonl');
  fs.writeFileSync(tasks, tasksJsonl());
  // No hang here (the judge's 10 s limit would make this slow; the unit tests cover hangs).
  const lines = CANDIDATE_LINES.filter((c) => !c.completion.includes('while (true)'));
  fs.writeFileSync(candidates, `${lines.map((c) => JSON.stringify(c)).join('\n')}\n{"task_id":"T/unknown","provider":"p9","completion":"}"}\n`);
});
after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('--json emits one object with every figure, and per_task chosen lines', async () => {
  const r = await run(['bench', 'selection', '--tasks', tasks, '--candidates', candidates, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  for (const k of ['tasks', 'selection_pass_at_1', 'oracle', 'random_pick', 'best_single_provider', 'per_provider', 'majority_text',
    'calibration', 'median_select_ms', 'per_task']) assert.ok(k in out, `missing ${k}`);
  assert.equal(out.tasks, 2);
  assert.equal(out.oracle, 1);
  // add: a+b, a-b, const s (2 of 3 pass); max: xs[0] twice, whole function (passes), syntax error: 1 of 4.
  assert.equal(out.random_pick, Math.round(((2 / 3 + 1 / 4) / 2) * 10000) / 10000);
  assert.deepEqual(out.per_provider, { p1: 0.5, p2: 0, p3: 1 });
  assert.equal(out.best_single_provider, 1);
  assert.equal(out.selection_pass_at_1, 0.5);
  assert.deepEqual(Object.keys(out.calibration).sort(), ['auc', 'brier', 'buckets', 'ece']);
  assert.equal(out.calibration.buckets.length, 10);
  assert.equal(typeof out.median_select_ms, 'number');
  assert.deepEqual(out.per_task.map((t: { task_id: string }) => t.task_id), ['T/add', 'T/max']);
  assert.ok([0, 2].includes(out.per_task[0].chosen_line)); // lines of the two right answers for add
  assert.equal(out.per_task[0].passed, true);
  assert.ok([3, 4].includes(out.per_task[1].chosen_line)); // the two "xs[0]" answers (the hang line was left out)
  assert.equal(out.per_task[1].passed, false);
  for (const t of out.per_task) assert.ok(t.quality >= 0 && t.quality <= 100);
});

test('text output, --limit, and usage errors', async () => {
  const r = await run(['bench', 'selection', '--tasks', tasks, '--candidates', candidates, '--limit', '1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^tasks +1\n/);
  assert.match(r.stdout, /selection pass@1 +100\.0%/);
  const bad = await run(['bench', 'selection', '--candidates', candidates]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--tasks FILE is required/);
  const missing = await run(['bench', 'selection', '--tasks', path.join(dir, 'nope.jsonl')]);
  assert.equal(missing.code, 2);
});

test('without --candidates the configured providers answer (smoke test against the fake model server)', async () => {
  const fake = await startFakeModelServer();
  try {
    fake.setReply('```js\nreturn a + b;\n```');
    const config = path.join(dir, 'settings.json');
    fs.writeFileSync(config, JSON.stringify({
      providers: [{ id: 'local', kind: 'openai-compatible', model: 'fake-coder', baseURL: fake.openaiBaseURL }],
      detectLocalServers: false, replayDemo: 'never', maxRetries: 0,
    }));
    const env = { ...process.env };
    delete env.OPENAI_API_KEY;
    delete env.ANTHROPIC_API_KEY;
    const r = await run(['bench', 'selection', '--tasks', tasks, '--config', config, '--limit', '1', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.tasks, 1);
    assert.deepEqual(out.per_provider, { local: 1 });
    assert.equal(out.selection_pass_at_1, 1);
    assert.equal(out.per_task[0].chosen_line, null); // no candidates file: no line to point at
  } finally {
    await fake.close();
  }
});
