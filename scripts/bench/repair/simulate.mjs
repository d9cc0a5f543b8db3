// SIMULATED providers for bench:repair. First answers: correct (a semantics-preserving
// rewrite of the canonical solution) with the provider's reliability, else a mutant or a
// truncated body (scripts/bench/variants.mjs). Repair: given feedback that names a
// concrete failure, the fix with probability `fixRate`, otherwise another mutant. The
// simulated repairer reads the canonical solution to produce "the fix": it stands in for
// a model that can act on the failing case, and its figures measure the LOOP, not a model.
// The hidden tests are never read here.
import { hashString, seededRandom } from '../../../server/src/consensus/probeInputs.ts';
import { feedbackMessage } from '../../../server/src/reasoning/feedback.ts';
import { mutantBodies, rewriteBody, truncatedBody } from '../variants.mjs';

export const PROVIDERS = [
  { id: 'sim-a', reliability: 0.6 },
  { id: 'sim-b', reliability: 0.45 },
  { id: 'sim-c', reliability: 0.3 },
];

/** Rough token count of a text (4 characters a token), for the simulated cost. */
export const tokensOf = (s) => Math.ceil(s.length / 4);

export function makeSimulation(task, { fixRate = 0.7 } = {}) {
  const rand = seededRandom(hashString(`repair:${task.task_id}`));
  const mutants = mutantBodies(task.prompt, task.canonical_solution, rand, 8);
  const wrongBody = () => {
    if (mutants.length === 0 || rand() < 0.1) return truncatedBody(task.canonical_solution, rand);
    return rewriteBody(task.prompt, mutants[Math.floor(rand() * mutants.length)], rand);
  };
  const answer = (p, correct, round) => {
    const body = correct ? rewriteBody(task.prompt, task.canonical_solution, rand) : wrongBody();
    return { id: `${p.id}@${round}`, providerId: p.id, code: task.prompt + body };
  };
  let round = 0;
  return {
    first: () => PROVIDERS.map((p) => answer(p, rand() < p.reliability, 0)),
    /** One repair round: every provider answers the feedback about the current winner. */
    repair: async (feedback) => {
      round++;
      const prompt = `${task.prompt}\n${feedback.code}\n${feedbackMessage(feedback)}`;
      const candidates = PROVIDERS.map((p) => answer(p, feedback.items.length > 0 && rand() < fixRate, round));
      const tokens = candidates.reduce((s, c) => s + tokensOf(prompt) + tokensOf(c.code), 0);
      return { candidates, tokens };
    },
  };
}
