/** The headless CLI (dist/cli.js) against the fake model server. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
let fake: FakeModelServer;
let dir: string;
let file: string;
let config: string;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.OPENAI_API_KEY;
  delete env.ANTHROPIC_API_KEY;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

before(async () => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run "node esbuild.mjs" first`);
  fake = await startFakeModelServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weavergen-cli-'));
  file = path.join(dir, 'math.ts');
  fs.writeFileSync(file, '/** Product of two numbers. */\nexport function mul(a: number, b: number): number {\n}\n');
  config = path.join(dir, 'settings.json');
  fs.writeFileSync(config, JSON.stringify({
    providers: [{ id: 'local', kind: 'openai-compatible', model: 'fake-coder', baseURL: fake.openaiBaseURL }],
    detectLocalServers: false, replayDemo: 'never', maxRetries: 0,
  }));
});
after(async () => {
  await fake?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('generate prints the code and a header naming the provider', async () => {
  fake.setReply('Sure:\n```ts\nreturn a * b;\n```');
  const r = await run(['generate', `${file}:2:10`, '--config', config]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '  return a * b;\n');
  assert.match(r.stderr, /^\/\/ weavergen: empty-body mul by local \(fake-coder\) in \d+ ms\n$/);
});

test('--json prints the whole GenerateResult', async () => {
  fake.setReply('```ts\nreturn a * b;\n```');
  const r = await run(['generate', `${file}:3`, '--config', config, '--json', '--intent', 'multiply']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.code, '\n  return a * b;\n');
  assert.equal(out.site.kind, 'empty-body');
  assert.equal(out.site.intent, 'multiply');
  assert.equal(out.provider.id, 'local');
  assert.equal(out.recorded, false);
  assert.equal(out.edit.textDocument.version, 1);
  assert.ok(out.edit.textDocument.uri.endsWith('/math.ts'));
  assert.deepEqual(Object.keys(out.timings).sort(), ['contextMs', 'generationMs', 'totalMs']);
});

test('usage errors exit 2 with the usage text; --help exits 0', async () => {
  for (const args of [[], ['generate'], ['generate', 'nofile'], ['frobnicate', 'x:1'], ['generate', `${file}:1`, '--bogus']]) {
    const r = await run(args);
    assert.equal(r.code, 2, `args ${args.join(' ')}`);
    assert.match(r.stderr, /Usage: weavergen generate/);
  }
  const missing = await run(['generate', path.join(dir, 'missing.ts:1')]);
  assert.equal(missing.code, 2);
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Exit codes: 0 success, 1 generation failed, 2 usage error/);
});

test('provider failure exits 1 with an honest message naming the provider', async () => {
  fake.addFault({ status: 401 });
  const r = await run(['generate', `${file}:2`, '--config', config]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^weavergen: Generation failed — .*local \(fake-coder\): authentication failed/);
});

test('no site exits 1 and says why; an unknown --provider exits 1 listing the available ones', async () => {
  const other = path.join(dir, 'plain.ts');
  fs.writeFileSync(other, 'export const x = 1;\n');
  const r = await run(['generate', `${other}:1`, '--config', config]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Nothing to generate here/);
  const p = await run(['generate', `${file}:2`, '--config', config, '--provider', 'nope', '--json']);
  assert.equal(p.code, 1);
  assert.equal(JSON.parse(p.stdout).error.code, 'no_provider');
  assert.match(p.stderr, /available: local/);
});
