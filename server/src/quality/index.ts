/** Calibrated quality score: the public surface. */
export { qualityScore, storedModel, type QualityScore, type QualityModel } from './score';
export { FEATURE_NAMES, featureVector, type QualityComponents } from './features';
export { fitLogistic, predict, sigmoid, type LogisticModel } from './fit';
export * from './calibration';
export { componentsFromSelection } from './fromSelection';
