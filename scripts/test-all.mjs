// The one test command (`npm test`): bootstrap, type check, build, unit + server + CLI
// tests with node's test runner, the real-editor end-to-end suite, then the packaged .vsix. Ends with one
// summary line `N passed, N failed` over every phase.
//   WEAVERGEN_SKIP_E2E=1 npm test   skips the real-editor phase (it is then counted as skipped).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrap } from './bootstrap.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const skipE2E = process.env.WEAVERGEN_SKIP_E2E === '1';
const totals = { passed: 0, failed: 0, skipped: 0 };
const phases = [];

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out.sort();
}

/** Runs a command, echoing its output, and returns { code, output }. */
function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (stream) => (d) => { output += d; stream.write(d); };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function count(output, re) {
  const m = [...output.matchAll(re)].pop();
  return m ? Number(m[1]) : 0;
}

async function step(name, cmd, args, parse) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const { code, output } = await run(cmd, args);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (parse) {
    const c = parse(output);
    // A runner that crashed before reporting still counts as a failure.
    if (code !== 0 && c.failed === 0) c.failed = 1;
    totals.passed += c.passed; totals.failed += c.failed; totals.skipped += c.skipped ?? 0;
    phases.push(`${name}: ${c.passed} passed, ${c.failed} failed (${seconds}s)`);
  } else {
    if (code !== 0) totals.failed += 1;
    phases.push(`${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} (${seconds}s)`);
  }
  return code;
}

bootstrap({ editor: !skipE2E });
await step('type check (tsc --noEmit)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
await step('lint (eslint, typescript-eslint recommended)', 'npx', ['eslint', 'client/src', 'server/src']);
const buildCode = await step('build (esbuild)', 'node', ['esbuild.mjs']);
const files = ['test/unit', 'test/lsp', 'test/cli'].flatMap((d) => { try { return findTests(join(root, d)); } catch { return []; } });
await step('unit, server and CLI tests (node --test)', 'node', ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=180000', ...files], (o) => ({
  passed: count(o, /^ℹ pass (\d+)/gm),
  failed: count(o, /^ℹ fail (\d+)/gm),
  skipped: count(o, /^ℹ skipped (\d+)/gm),
}));
if (skipE2E) {
  phases.push('real-editor e2e: skipped (WEAVERGEN_SKIP_E2E=1)');
} else if (buildCode !== 0) {
  totals.failed += 1;
  phases.push('real-editor e2e: not run, the build failed');
} else {
  await step('real-editor e2e (code-server + Chromium)', 'node', ['test/e2e/runCodeServer.mjs'], (o) => ({
    passed: count(o, /^e2e: (\d+) passed/gm),
    failed: count(o, /^e2e: \d+ passed, (\d+) failed/gm),
  }));
  // Last: it rebuilds dist/ for production and installs the packaged .vsix into a fresh editor.
  await step('packaged .vsix in a fresh editor', 'node', ['test/e2e/runVsix.mjs'], (o) => ({
    passed: count(o, /^e2e-vsix: (\d+) passed/gm),
    failed: count(o, /^e2e-vsix: \d+ passed, (\d+) failed/gm),
  }));
}

console.log('\n=== summary ===');
for (const p of phases) console.log(p);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed === 0 ? 0 : 1);
