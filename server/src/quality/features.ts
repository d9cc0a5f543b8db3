/**
 * The visible components of a result's quality, and their numeric features for the
 * logistic model. Every component is in [0, 1]; unknown ones are undefined.
 */

export interface QualityComponents {
  /** The code parses (1) or not (0). */
  parses: number;
  /** Type checks, when known. */
  typeChecks?: number;
  /** Share of probes that ran without error or timeout. */
  runsClean: number;
  /** Share of candidates in the winning behaviour cluster. */
  clusterShare: number;
  /** Share of providers with a member in the winning cluster. */
  providerShare: number;
  /** Prompt examples with a stated result that the code reproduces. */
  docPassed: number;
  docTotal: number;
  /** Mean track record of the agreeing providers, in [0, 1]. */
  trackRecord: number;
}

export const FEATURE_NAMES = [
  'parses', 'typeChecks', 'runsClean', 'clusterShare', 'providerShare', 'docRate', 'docMissing', 'trackRecord',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Feature vector, in FEATURE_NAMES order. Unknown typeChecks count as passing when the code parses. */
export function featureVector(c: QualityComponents): number[] {
  const docMissing = c.docTotal > 0 ? 0 : 1;
  const docRate = c.docTotal > 0 ? c.docPassed / c.docTotal : 0;
  const f: Record<FeatureName, number> = {
    parses: c.parses,
    typeChecks: c.typeChecks ?? c.parses,
    runsClean: c.runsClean,
    clusterShare: c.clusterShare,
    providerShare: c.providerShare,
    docRate,
    docMissing,
    trackRecord: c.trackRecord,
  };
  return FEATURE_NAMES.map((n) => f[n]);
}
