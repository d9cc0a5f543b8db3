/**
 * The 0–100 quality score: a logistic model over the visible components, with weights
 * fit offline on the dev benchmark (weights.json records where they came from), so a
 * score of about 80 means about 80% of such results pass hidden tests.
 */
import stored from './weights.json';
import { FEATURE_NAMES, featureVector, type QualityComponents } from './features';
import { predict, type LogisticModel } from './fit';

export interface QualityModel extends LogisticModel {
  features: readonly string[];
  source: string;
}

export interface QualityScore {
  score: number;
  components: Record<string, number>;
}

/** The stored model, checked against the feature list it was fit for. */
export function storedModel(): QualityModel {
  const m = stored as QualityModel;
  if (m.features.join(',') !== FEATURE_NAMES.join(',') || m.weights.length !== FEATURE_NAMES.length) {
    throw new Error('quality/weights.json does not match the feature list; refit with bench:consensus');
  }
  return m;
}

/** Scores `components` with `model` (default: the stored fit). */
export function qualityScore(components: QualityComponents, model: LogisticModel = storedModel()): QualityScore {
  const p = predict(model, featureVector(components));
  const out: Record<string, number> = {
    parses: components.parses,
    runsClean: components.runsClean,
    clusterShare: components.clusterShare,
    providerShare: components.providerShare,
    docPassed: components.docPassed,
    docTotal: components.docTotal,
    trackRecord: components.trackRecord,
  };
  if (components.typeChecks !== undefined) out.typeChecks = components.typeChecks;
  return { score: Math.round(1000 * p) / 10, components: out };
}
