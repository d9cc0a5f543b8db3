/**
 * Token estimates corrected by what providers report (issue 13, budget): a background job is
 * gated and charged by an estimate before it runs (the prompt is not built on the main
 * thread); once jobs report their usage, each provider's estimates are scaled by the ratio
 * of tokens actually spent to tokens estimated, over the jobs seen so far. Bounded factor;
 * 1 until enough has been observed.
 */
const MIN_OBSERVED_ESTIMATE = 2_000;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 2;

export class TokenCalibration {
  private readonly estimated = new Map<string, number>();
  private readonly actual = new Map<string, number>();

  /** A job's raw estimate for a provider and what that provider reported spending. */
  observe(providerId: string, estimate: number, actual: number): void {
    if (!(estimate > 0) || !Number.isFinite(actual) || actual < 0) return;
    this.estimated.set(providerId, (this.estimated.get(providerId) ?? 0) + estimate);
    this.actual.set(providerId, (this.actual.get(providerId) ?? 0) + actual);
  }

  factor(providerId: string): number {
    const e = this.estimated.get(providerId) ?? 0;
    if (e < MIN_OBSERVED_ESTIMATE) return 1;
    return Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, (this.actual.get(providerId) ?? 0) / e));
  }

  apply(providerId: string, estimate: number): number {
    return Math.ceil(estimate * this.factor(providerId));
  }
}
