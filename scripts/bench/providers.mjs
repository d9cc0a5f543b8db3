// Simulated providers: each has a base reliability; per task, a shared difficulty
// shifts every provider's chance of a correct sample (hard tasks are hard for all),
// and wrong samples draw from one mutant pool with a skewed choice, so providers
// sometimes make the same mistake. Seeded by task_id only.
import { hashString, seededRandom } from '../../server/src/consensus/probeInputs.ts';
import { mutantBodies, rewriteBody, truncatedBody } from './variants.mjs';

export const PROVIDERS = [
  { id: 'sim-a', reliability: 0.75 },
  { id: 'sim-b', reliability: 0.6 },
  { id: 'sim-c', reliability: 0.45 },
  { id: 'sim-d', reliability: 0.3 },
];
export const SAMPLES_PER_PROVIDER = 3;

const logit = (p) => Math.log(p / (1 - p));
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** Candidates `{ id, providerId, code, simulatedCorrect }` for one task. */
export function simulateCandidates(task) {
  const rand = seededRandom(hashString(`sim:${task.task_id}`));
  const difficulty = rand();
  const mutants = mutantBodies(task.prompt, task.canonical_solution, rand);
  const candidates = [];
  for (const p of PROVIDERS) {
    const q = sigmoid(logit(p.reliability) + 3 * (0.5 - difficulty));
    for (let s = 0; s < SAMPLES_PER_PROVIDER; s++) {
      const correct = rand() < q || mutants.length === 0;
      let body;
      if (correct) body = rewriteBody(task.prompt, task.canonical_solution, rand);
      else if (rand() < 0.1) body = truncatedBody(task.canonical_solution, rand);
      else {
        let i = 0;
        while (i < mutants.length - 1 && rand() < 0.5) i++;
        body = rewriteBody(task.prompt, mutants[i], rand);
      }
      candidates.push({ id: `${p.id}#${s}`, providerId: p.id, code: task.prompt + body, simulatedCorrect: correct });
    }
  }
  return candidates;
}
