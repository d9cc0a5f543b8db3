// npm run bench:repair -- [--limit 200] [--concurrency 2] [--fix-rate 0.7] [--max-iterations 3]
// The repair loop on the dev tasks with SIMULATED providers (scripts/bench/repair/simulate.mjs).
// The loop sees only the prompt's doc examples, probe exceptions and parse/load failures;
// hidden tests grade pass@1 strictly AFTER the loop, with the sandbox's runTestProgram.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConsensus } from '../server/src/consensus/run.ts';
import { toSelectionOutcome } from '../server/src/reasoning/outcome.ts';
import { repairLoop } from '../server/src/reasoning/loop.ts';
import { PROVIDERS, makeSimulation } from './bench/repair/simulate.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const limit = Number(arg('limit', '200'));
const concurrency = Number(arg('concurrency', '2'));
const fixRate = Number(arg('fix-rate', '0.7'));
const budget = { maxIterations: Number(arg('max-iterations', '3')), maxTokens: 20000, maxMs: 60000 };
const scoreThreshold = 80;
const benchFile = resolve(root, process.env.BENCH_FILE ?? '../shared/bench/dev.jsonl');

async function loadSandbox() {
  const real = join(root, 'server/src/sandbox/index.ts');
  if (process.env.BENCH_SANDBOX !== 'local' && existsSync(real)) return { ...(await import(real)), name: 'server/src/sandbox' };
  return { ...(await import('./bench/localSandbox.mjs')), name: 'scripts/bench/localSandbox.mjs (stand-in)' };
}
const sandbox = await loadSandbox();
const tasks = readFileSync(benchFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).slice(0, limit);

const grade = async (task, code) => (await sandbox.runTestProgram({ program: `${code}\n${task.tests}`, limits: { wallMs: 10000, totalMs: 10000 } })).pass;

async function runTask(task) {
  const sim = makeSimulation(task, { fixRate });
  const evaluate = async (candidates, signal) => toSelectionOutcome(task.entry_point, candidates, await runConsensus({
    prompt: task.prompt, entryPoint: task.entry_point, candidates, runProbes: sandbox.runProbes,
    limits: { wallMs: 8000 }, perInputMs: 250, signal,
  }));
  const initial = await evaluate(sim.first());
  const r = await repairLoop({ initial, generateRepairs: (fb) => sim.repair(fb), evaluate, budget, scoreThreshold });
  // Graded only now: nothing above read task.tests.
  const before = await grade(task, initial.code);
  const after = r.final === initial ? before : await grade(task, r.final.code);
  return { before, after, iterations: r.iterations.length, tokens: r.tokens, stop: r.stopReason, scoreBefore: initial.quality.score, scoreAfter: r.final.quality.score };
}

const started = Date.now();
const rows = [];
let next = 0;
await Promise.all(Array.from({ length: Math.max(1, concurrency) }, async () => {
  while (next < tasks.length) {
    const task = tasks[next++];
    rows.push(await runTask(task));
    if (rows.length % 50 === 0) process.stderr.write(`  ${rows.length}/${tasks.length}\n`);
  }
}));

const n = rows.length;
const count = (f) => rows.filter(f).length;
const pct = (k) => `${((100 * k) / n).toFixed(1)}%`;
const looped = rows.filter((r) => r.iterations > 0);
const stops = {};
for (const r of rows) stops[r.stop] = (stops[r.stop] ?? 0) + 1;
console.log('NOTE: SIMULATED providers: first answers are canonical rewrites or mutants; a repair returns the fix');
console.log(`with probability ${fixRate} when the feedback names a failure, else another mutant. This measures the loop, not a model.`);
console.log(`bench ${benchFile}  tasks ${n}  providers ${PROVIDERS.map((p) => `${p.id}=${p.reliability}`).join(' ')}  sandbox ${sandbox.name}`);
console.log(`budget: ${budget.maxIterations} iterations, ${budget.maxTokens} tokens, ${budget.maxMs} ms; score threshold ${scoreThreshold}\n`);
console.log(`pass@1 before the loop  ${pct(count((r) => r.before)).padStart(6)}  (${count((r) => r.before)}/${n})`);
console.log(`pass@1 after the loop   ${pct(count((r) => r.after)).padStart(6)}  (${count((r) => r.after)}/${n})`);
console.log(`  fixed ${count((r) => !r.before && r.after)}, broken ${count((r) => r.before && !r.after)}`);
console.log(`loop ran on ${looped.length}/${n} tasks; iterations mean ${(looped.reduce((s, r) => s + r.iterations, 0) / Math.max(1, looped.length)).toFixed(2)} (over those), max ${Math.max(0, ...rows.map((r) => r.iterations))}`);
console.log(`tokens spent (simulated, ~4 chars/token): total ${rows.reduce((s, r) => s + r.tokens, 0)}, mean ${(rows.reduce((s, r) => s + r.tokens, 0) / n).toFixed(0)} per task, ${(looped.reduce((s, r) => s + r.tokens, 0) / Math.max(1, looped.length)).toFixed(0)} per looped task, max ${Math.max(0, ...rows.map((r) => r.tokens))}`);
console.log(`stop reasons: ${Object.entries(stops).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`bounded: ${stops['max-iterations'] ?? 0} tasks hit the iteration cap, ${stops['max-tokens'] ?? 0} the token cap; no task exceeded ${budget.maxIterations} iterations`);
console.log(`wall time ${((Date.now() - started) / 1000).toFixed(1)} s (concurrency ${concurrency})`);
