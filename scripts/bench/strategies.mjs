// Selection strategies compared by the benchmark. Each returns the chosen candidate id.
import { normalizeCode } from '../../server/src/consensus/normalize.ts';
import { selectCluster } from '../../server/src/consensus/select.ts';
import { hashString, seededRandom } from '../../server/src/consensus/probeInputs.ts';

export function pickRandom(task, candidates) {
  const r = seededRandom(hashString(`pick:${task.task_id}`));
  return candidates[Math.floor(r() * candidates.length)].id;
}

export function pickBestProvider(candidates, weights) {
  const best = [...new Set(candidates.map((c) => c.providerId))]
    .sort((a, b) => (weights[b] ?? 0) - (weights[a] ?? 0) || a.localeCompare(b))[0];
  return candidates.find((c) => c.providerId === best).id;
}

export function pickTextMajority(candidates) {
  const groups = new Map();
  for (const c of candidates) {
    const key = normalizeCode(c.code).text;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(c.id);
  }
  return [...groups.values()].sort((a, b) => b.length - a.length)[0][0];
}

export function pickBehavioural(candidates, clusters) {
  return selectCluster(candidates, clusters, { useDocExamples: false }).winner.representative;
}

export function selectFull(candidates, clusters, expected, weights) {
  return selectCluster(candidates, clusters, { expected, providerWeights: weights, useDocExamples: true });
}
