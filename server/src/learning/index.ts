/** Learning from outcomes: the public surface. */
export * from './outcomes';
export { OutcomeStore, LIVE_FILE, ROTATED_FILE, type OutcomeStoreOptions } from './outcomeStore';
export { evidenceOf, successShare, acceptanceShare, type Evidence, type EvidenceOptions } from './evidence';
export * from './reliability';
export { betaCdf, betaQuantile, betaSummary } from './beta';
export { Learner, STATE_FILE, type LearnerOptions } from './learner';
