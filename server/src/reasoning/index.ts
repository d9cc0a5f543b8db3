/** The repair loop: the public surface. */
export { toSelectionOutcome, winnerSignature, winnerProviders, type SelectionOutcome, type TypeDiagnostic } from './outcome';
export { buildFeedback, feedbackMessage, hasFeedback, renderCall, type FeedbackItem, type FeedbackKind, type RepairFeedback } from './feedback';
export * from './loop';
export { repairMessages } from './prompt';
