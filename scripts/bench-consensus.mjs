// npm run bench:consensus -- [--limit N] [--concurrency N] [--write-weights]
// Measures the consensus selection and the quality score's calibration on the dev
// benchmark, with SIMULATED providers (mutants of canonical solutions). Selection sees
// only prompts and candidates; hidden tests are run after selection, to grade.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterCandidates } from '../server/src/consensus/cluster.ts';
import { deriveProbeInputs, hashString } from '../server/src/consensus/probeInputs.ts';
import { canonicalExpected, runCandidate } from '../server/src/consensus/run.ts';
import { FEATURE_NAMES, featureVector } from '../server/src/quality/features.ts';
import { componentsFromSelection } from '../server/src/quality/fromSelection.ts';
import { fitLogistic, predict } from '../server/src/quality/fit.ts';
import { storedModel } from '../server/src/quality/score.ts';
import { calibrationReport } from '../server/src/quality/calibration.ts';
import { PROVIDERS, SAMPLES_PER_PROVIDER, simulateCandidates } from './bench/providers.mjs';
import { pickBehavioural, pickBestProvider, pickRandom, pickTextMajority, selectFull } from './bench/strategies.mjs';
import { pct, num, printCalibration } from './bench/report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const limit = Number(arg('limit', 'Infinity'));
const concurrency = Number(arg('concurrency', '2'));
const writeWeights = process.argv.includes('--write-weights');
const benchFile = resolve(root, process.env.BENCH_FILE ?? '../shared/bench/dev.jsonl');

async function loadSandbox() {
  const real = join(root, 'server/src/sandbox/index.ts');
  if (process.env.BENCH_SANDBOX !== 'local' && existsSync(real)) {
    const m = await import(real);
    if (typeof m.runProbes === 'function' && typeof m.runTestProgram === 'function') return { ...m, name: 'server/src/sandbox' };
  }
  return { ...(await import('./bench/localSandbox.mjs')), name: 'scripts/bench/localSandbox.mjs (stand-in)' };
}

async function mapLimit(items, n, fn) {
  let next = 0;
  let done = 0;
  await Promise.all(Array.from({ length: Math.max(1, n) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
      if (++done % 50 === 0) process.stderr.write(`  ${done}/${items.length}\n`);
    }
  }));
}

const sandbox = await loadSandbox();
const PROBE_LIMITS = { wallMs: 8000 };
const PER_INPUT_MS = 250;
const tasks = readFileSync(benchFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).slice(0, limit);
const half = (t) => (hashString(`split:${t.task_id}`) % 2 === 0 ? 'fit' : 'eval');
const started = Date.now();
console.log('NOTE: the providers are SIMULATED (canonical solutions rewritten or mutated); these figures');
console.log('measure the selection method and the score calibration, not any model.');
console.log(`bench ${benchFile}  tasks ${tasks.length}  providers ${PROVIDERS.map((p) => `${p.id}=${p.reliability}`).join(' ')}  samples/provider ${SAMPLES_PER_PROVIDER}  sandbox ${sandbox.name}`);

const gradeCache = new Map();
async function grade(task, candidate) {
  const key = `${task.task_id}\n${candidate.code}`;
  if (!gradeCache.has(key)) {
    gradeCache.set(key, sandbox.runTestProgram({ program: `${candidate.code}\n${task.tests}`, limits: { wallMs: 10000, totalMs: 10000 } }).then((r) => r.pass));
  }
  return gradeCache.get(key);
}

// Phase 1: probes, clusters, strategies that need no track record.
const rows = [];
await mapLimit(tasks, concurrency, async (task) => {
  const candidates = simulateCandidates(task);
  const inputs = deriveProbeInputs(task.prompt, task.entry_point);
  const expected = await canonicalExpected(inputs, sandbox.runProbes, PROBE_LIMITS);
  const runs = [];
  const byCode = new Map();
  for (const c of candidates) {
    if (!byCode.has(c.code)) byCode.set(c.code, await runCandidate(c, task.entry_point, inputs, sandbox.runProbes, PROBE_LIMITS, undefined, PER_INPUT_MS));
    runs.push({ ...byCode.get(c.code), candidateId: c.id });
  }
  const clusters = clusterCandidates(candidates, runs);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const picks = { random: pickRandom(task, candidates), textMajority: pickTextMajority(candidates), behavioural: pickBehavioural(candidates, clusters) };
  const pass = {};
  for (const [k, id] of Object.entries(picks)) pass[k] = await grade(task, byId.get(id));
  rows.push({ task, half: half(task), candidates, byId, clusters, expected, picks, pass, nInputs: inputs.length });
});

// Track record, cross-fitted: each half's provider weights come from the other half.
// A provider's candidate counts as right when it sits in a behavioural winner that passed.
function trackRecords(fromHalf) {
  const hit = {}; const tot = {};
  for (const r of rows) {
    if (r.half !== fromHalf || !r.pass.behavioural) continue;
    const win = r.clusters.find((c) => c.members.includes(r.picks.behavioural));
    for (const c of r.candidates) {
      tot[c.providerId] = (tot[c.providerId] ?? 0) + 1;
      if (win.members.includes(c.id)) hit[c.providerId] = (hit[c.providerId] ?? 0) + 1;
    }
  }
  return Object.fromEntries(PROVIDERS.map((p) => [p.id, tot[p.id] ? (hit[p.id] ?? 0) / tot[p.id] : 0.5]));
}
const weightsFor = { fit: trackRecords('eval'), eval: trackRecords('fit') };

// Phase 2: strategies using the track record; quality components of our winner.
await mapLimit(rows, concurrency, async (r) => {
  const w = weightsFor[r.half];
  r.picks.bestProvider = pickBestProvider(r.candidates, w);
  const sel = selectFull(r.candidates, r.clusters, r.expected, w);
  r.picks.full = sel.winner.representative;
  r.pass.bestProvider = await grade(r.task, r.byId.get(r.picks.bestProvider));
  r.pass.full = await grade(r.task, r.byId.get(r.picks.full));
  r.components = componentsFromSelection(sel.winner, r.byId.get(r.picks.full).code);
});
rows.sort((a, b) => a.task.task_id.localeCompare(b.task.task_id));
const seconds = (Date.now() - started) / 1000;

const names = { random: 'random candidate', bestProvider: 'best single provider (track record)', textMajority: 'majority of normalised text', behavioural: 'behavioural clustering', full: 'behavioural + doc examples + track record' };
const anyCorrect = rows.filter((r) => r.candidates.some((c) => c.simulatedCorrect)).length;
console.log(`\npass@1 over ${rows.length} tasks (hidden tests, graded after selection)`);
for (const [k, label] of Object.entries(names)) {
  const n = rows.filter((r) => r.pass[k]).length;
  const e = rows.filter((r) => r.half === 'eval');
  console.log(`  ${label.padEnd(44)} ${pct(n / rows.length).padStart(6)}  (${n}/${rows.length}; eval half ${pct(e.filter((r) => r.pass[k]).length / e.length)})`);
}
console.log(`  reference: tasks with >=1 non-mutant sample   ${pct(anyCorrect / rows.length)}`);
console.log(`  track record (fit half -> used on eval): ${Object.entries(weightsFor.eval).map(([k, v]) => `${k}=${num(v, 2)}`).join(' ')}`);
console.log(`  mean probe inputs per task ${num(rows.reduce((s, r) => s + r.nInputs, 0) / rows.length, 1)}; wall time ${seconds.toFixed(1)} s (concurrency ${concurrency})`);

// Quality score: fit on the fit half, calibration on the eval half.
const fitRows = rows.filter((r) => r.half === 'fit');
const evalRows = rows.filter((r) => r.half === 'eval');
const model = fitLogistic(fitRows.map((r) => featureVector(r.components)), fitRows.map((r) => Number(r.pass.full)), 1);
const scored = (m, rs) => rs.map((r) => ({ score: 100 * predict(m, featureVector(r.components)), pass: r.pass.full }));
console.log(`\nquality score: logistic weights fit on ${fitRows.length} fit-half winners: intercept ${num(model.intercept, 2)}, ${FEATURE_NAMES.map((f, i) => `${f} ${num(model.weights[i], 2)}`).join(', ')}`);
printCalibration('calibration of the freshly fit weights on the EVAL half', calibrationReport(scored(model, evalRows)));
printCalibration('calibration of the stored weights (quality/weights.json) on the EVAL half', calibrationReport(scored(storedModel(), evalRows)));
if (writeWeights) {
  const out = {
    source: `fit by scripts/bench-consensus.mjs on the fit half (hash of task_id) of ${benchFile.split('/').slice(-2).join('/')}: ${fitRows.length} consensus winners from simulated providers, L2=1 logistic regression, ${new Date().toISOString().slice(0, 10)}`,
    features: [...FEATURE_NAMES],
    intercept: Number(model.intercept.toFixed(4)),
    weights: model.weights.map((w) => Number(w.toFixed(4))),
  };
  writeFileSync(join(root, 'server/src/quality/weights.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log('\nwrote server/src/quality/weights.json');
}
