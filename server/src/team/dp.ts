/**
 * Differential privacy for counts published beyond the team: the Laplace mechanism. One
 * outcome event moves one cell's success or failure weight by at most 1 (sensitivity 1 per
 * cell), so adding Laplace(1/ε) noise to each of a cell's counts makes one period's release
 * ε-differentially private per cell and per count; an event that touches k providers' cells
 * spends k·ε (sequential composition). Pure; the random source is injected.
 */

/** One Laplace(0, scale) sample by the inverse CDF. */
export function laplace(scale: number, random: () => number = Math.random): number {
  const u = random() - 0.5;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u) || Number.MIN_VALUE);
}

export interface NoisyCounts { s: number; f: number }

/** The counts with Laplace(sensitivity/ε) noise, clamped at 0 (post-processing keeps the guarantee). */
export function privatize(c: NoisyCounts, epsilon: number, random: () => number = Math.random, sensitivity = 1): NoisyCounts {
  if (!(epsilon > 0)) throw new Error('epsilon must be > 0');
  const scale = sensitivity / epsilon;
  return { s: Math.max(0, c.s + laplace(scale, random)), f: Math.max(0, c.f + laplace(scale, random)) };
}

/** A seeded uniform source for reproducible benchmarks (the probes' mulberry32). */
export { seededRandom } from '../consensus/probeInputs';
