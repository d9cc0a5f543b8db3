// Runs the hostile corpus (test/unit/sandbox/hostileCorpus.ts) once against the real sandbox,
// two entries at a time, each in its own arena, and prints one row per entry: name, category,
// outcome (the run's; for probes 'ok' = the harness completed), results (probes: how many inputs
// came back ok; tests: PASS/fail), contained yes/no, and the time from spawn to the run's end (SandboxRun.durationMs);
// then the totals (N of N contained, median and max time to stop) and the machine's load.
//   npm run bench:hostile            (node --import tsx scripts/bench-hostile.mjs)
//   WEAVERGEN_HOSTILE_WIDTH=1 npm run bench:hostile   one entry at a time
import { loadavg, cpus } from 'node:os';
import { HOSTILE_CORPUS } from '../test/unit/sandbox/hostileCorpus.ts';
import { pool, trialEntry, warmUp } from '../test/unit/sandbox/hostileArena.ts';
import { getIsolation, resetSandboxSpawner } from '../server/src/sandbox/index.ts';

const width = Number(process.env.WEAVERGEN_HOSTILE_WIDTH ?? 2);
const profile = await getIsolation();
if (!profile.bwrap) console.log(`WARNING: no bubblewrap on this machine (${profile.notes.join('; ')})`);
await warmUp();
const loadBefore = loadavg();
const started = Date.now();
const rows = await pool(HOSTILE_CORPUS, width, async (entry) => {
  const r = await trialEntry(entry);
  // What the caller was told: probe results that said ok, or whether the test program passed.
  const verdict = entry.mode === 'probe' ? `${r.run.okResults}/${(entry.inputs ?? [[1], [2]]).length} ok` : entry.mode === 'tests' ? (r.run.passed ? 'PASS' : 'fail') : '-';
  return { name: entry.name, category: entry.category, mode: entry.mode, outcome: r.run.outcome, verdict, contained: r.breaches.length === 0, ms: r.run.durationMs, breaches: r.breaches };
});
const wallS = ((Date.now() - started) / 1000).toFixed(1);
const loadAfter = loadavg();

const pad = (s, n) => String(s).padEnd(n);
const w = Math.max(...rows.map((r) => r.name.length));
console.log(`${pad('name', w)}  ${pad('category', 10)}  ${pad('mode', 5)}  ${pad('outcome', 12)}  ${pad('results', 7)}  ${pad('contained', 9)}  ms to stop`);
for (const r of rows) console.log(`${pad(r.name, w)}  ${pad(r.category, 10)}  ${pad(r.mode, 5)}  ${pad(r.outcome, 12)}  ${pad(r.verdict, 7)}  ${pad(r.contained ? 'yes' : 'NO', 9)}  ${String(r.ms).padStart(6)}`);
const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
const median = ms.length % 2 ? ms[(ms.length - 1) / 2] : Math.round((ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2);
const contained = rows.filter((r) => r.contained).length;
console.log(`\n${contained} of ${rows.length} contained; time to stop: median ${median} ms, max ${ms[ms.length - 1]} ms; whole corpus ${wallS} s, ${width} at a time`);
for (const r of rows.filter((x) => !x.contained)) console.log(`  NOT CONTAINED ${r.name}: ${r.breaches.join('; ')}`);
const f = (l) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`layers: ${profile.bwrap ? `bwrap${profile.bwrap.seccomp ? '+seccomp' : ''}` : 'no bwrap'}, permission ${profile.permission}, prlimit ${Boolean(profile.prlimit)}; node ${process.version}, ${cpus().length} cores`);
console.log(`load average (1/5/15 min): before ${f(loadBefore)}, after ${f(loadAfter)}`);
resetSandboxSpawner();
process.exitCode = contained === rows.length ? 0 : 1;
