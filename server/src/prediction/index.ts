/** Site prediction: where the user is likely to ask for code next. See README.md. */
export { predictSites } from './predict';
export { acceptanceRate, mergeAcceptance, WEIGHTS } from './rank';
export type {
  AcceptanceStats, PredictedSite, PredictedSiteKind, PredictionTarget, PredictOptions, RecentEdit,
} from './types';
