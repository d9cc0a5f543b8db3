// node scripts/make-candidates.mjs --tasks ../shared/bench/dev.jsonl --out candidates.jsonl [--seed N] [--samples N]
// Writes development candidate sets for `weavergen bench selection --candidates`: five
// simulated providers (reliability 40–70%) with correlated, realistic mistakes
// (scripts/bench/candidates.mjs). Reads prompts and canonical solutions only.
import { readFileSync, writeFileSync } from 'node:fs';
import { PROVIDERS, candidatesFor } from './bench/candidates.mjs';

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const tasksFile = arg('tasks');
const outFile = arg('out');
if (!tasksFile || !outFile) {
  process.stderr.write('usage: node scripts/make-candidates.mjs --tasks FILE --out FILE [--seed N] [--samples N]\n');
  process.exit(2);
}
const seed = Number(arg('seed', '1'));
const samples = Number(arg('samples', '1'));
const tasks = readFileSync(tasksFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const lines = [];
const kinds = {};
for (const task of tasks) {
  if (typeof task.canonical_solution !== 'string') continue;
  for (const c of candidatesFor(task, seed, PROVIDERS, samples)) {
    kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
    lines.push(JSON.stringify({ task_id: c.task_id, provider: c.provider, completion: c.completion }));
  }
}
writeFileSync(outFile, `${lines.join('\n')}\n`);
process.stderr.write(`${outFile}: ${lines.length} candidates for ${tasks.length} tasks (seed ${seed}); ` +
  `providers ${PROVIDERS.map((p) => `${p.id}=${p.reliability}`).join(' ')}; kinds ${JSON.stringify(kinds)}\n`);
