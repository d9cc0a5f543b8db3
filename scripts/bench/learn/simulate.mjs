// SIMULATED generation stream for bench:learn. Each event, every provider proposes an
// answer: correct with its current reliability, else a wrong answer drawn from a small
// skewed pool (so wrong answers coincide). Selection is a weighted vote over identical
// answers; the selected answer's outcome (accepted when correct, undone when wrong) is
// the only thing the learner sees. Deterministic for a given seed.
import { hashString, seededRandom } from '../../../server/src/consensus/probeInputs.ts';
import { ReliabilityModel } from '../../../server/src/learning/reliability.ts';

/** Reliability before and after the drift. */
export const PROVIDERS = [
  { id: 'sim-falls', before: 0.8, after: 0.4 },
  { id: 'sim-rises', before: 0.45, after: 0.85 },
  { id: 'sim-steady', before: 0.6, after: 0.6 },
  { id: 'sim-weak', before: 0.4, after: 0.4 },
];
const WRONG_POOL = [0.5, 0.25, 0.15, 0.1]; // chance of each wrong answer
const SITE_KINDS = ['function', 'method'];

function wrongAnswer(rand) {
  let u = rand();
  for (let i = 0; i < WRONG_POOL.length; i++) { if ((u -= WRONG_POOL[i]) < 0) return `wrong-${i}`; }
  return `wrong-${WRONG_POOL.length - 1}`;
}

/** Learned vote weight: the log-odds of the posterior mean (the optimal weight for independent voters), floored. */
export const logOddsWeight = (mean) => Math.max(0.02, Math.log(mean / (1 - mean)));

/** Picks the answer with the largest summed weight; ties broken by `rand`. */
export function weightedVote(proposals, weightOf, rand) {
  const totals = new Map();
  for (const p of proposals) totals.set(p.answer, (totals.get(p.answer) ?? 0) + weightOf(p.providerId));
  const best = Math.max(...totals.values());
  const top = [...totals.keys()].filter((a) => totals.get(a) >= best - 1e-12);
  return top.length === 1 ? top[0] : top[Math.floor(rand() * top.length)];
}

/**
 * One stream: returns per-event pass (0/1) for each strategy.
 * strategies: { name: (model) => (providerId) => weight | 'static' }
 */
export function runStream({ seed, events, driftAt, halfLifeEvents, language = 'typescript' }) {
  const world = seededRandom(hashString(`learn-world:${seed}`));
  const tie = { learned: seededRandom(hashString(`tie-l:${seed}`)), mean: seededRandom(hashString(`tie-m:${seed}`)), static: seededRandom(hashString(`tie-s:${seed}`)) };
  const learned = new ReliabilityModel({ halfLifeEvents });
  const meanModel = new ReliabilityModel({ halfLifeEvents });
  const pass = { learned: new Uint8Array(events), mean: new Uint8Array(events), static: new Uint8Array(events) };
  const ids = PROVIDERS.map((p) => p.id);
  for (let t = 0; t < events; t++) {
    const siteKind = SITE_KINDS[Math.floor(world() * SITE_KINDS.length)];
    const proposals = PROVIDERS.map((p) => {
      const q = t < driftAt ? p.before : p.after;
      return { providerId: p.id, answer: world() < q ? 'right' : wrongAnswer(world) };
    });
    const feed = (model, answer) => {
      const winners = proposals.filter((p) => p.answer === answer).map((p) => p.providerId);
      model.observe({
        id: `${seed}:${t}`, time: t, resultId: `${seed}:${t}`, providerIds: winners, allProviderIds: ids,
        language, siteKind, kind: answer === 'right' ? 'accepted' : 'undone',
      });
    };
    const wl = learned.consensusWeights(ids, language, siteKind);
    const a = weightedVote(proposals, (id) => logOddsWeight(wl[id]), tie.learned);
    const wm = meanModel.consensusWeights(ids, language, siteKind);
    const m = weightedVote(proposals, (id) => wm[id], tie.mean);
    const s = weightedVote(proposals, () => 1, tie.static);
    pass.learned[t] = a === 'right' ? 1 : 0;
    pass.mean[t] = m === 'right' ? 1 : 0;
    pass.static[t] = s === 'right' ? 1 : 0;
    feed(learned, a);
    feed(meanModel, m);
  }
  return { pass, summary: learned.summary() };
}
