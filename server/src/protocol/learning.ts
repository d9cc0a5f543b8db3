/**
 * Learning from outcomes and the repair loop, on the wire: the client reports what
 * happened to a shown result (`weavergen/outcome`), asks for what was learned
 * (`weavergen/learning`), resets it and exports it. `GenerateResult.repair` reports the
 * repair loop's iterations. Documented in docs/protocol.md.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { WeaverErrorData } from './index';

/** What the user did with a result (validated-pass/fail are recorded by the server itself). */
export type ClientOutcomeKind = 'accepted' | 'accepted-edited' | 'undone' | 'dismissed' | 'replaced-by-alternative' | 'broken-later';

export interface OutcomeParams {
  /** `GenerateResult.resultId` (or, failing that, its traceId). */
  resultId: string;
  kind: ClientOutcomeKind;
  /** accepted-edited: share of the inserted text changed, in [0, 1]. */
  editRatio?: number;
  /** replaced-by-alternative: the consensus cluster swapped in (`ConsensusCluster.id`). */
  alternativeClusterId?: string;
}

/** One round of the repair loop, as reported in `GenerateResult.repair`. */
export interface RepairIterationInfo {
  index: number;
  /** What was sent back to the models, e.g. "doc-example: f(2) expected 4, got 5". */
  feedbackSummary: string;
  scoreBefore: number;
  scoreAfter?: number;
  /** True when this round's result replaced the previous best. */
  changed: boolean;
  tokens: number;
  ms: number;
  error?: string;
}

export type RepairStopReason =
  | 'score' | 'converged' | 'no-feedback' | 'max-iterations' | 'max-tokens' | 'max-ms'
  | 'provider-error' | 'evaluation-error' | 'no-candidates' | 'cancelled';

export interface RepairInfo {
  iterations: RepairIterationInfo[];
  stoppedBecause: RepairStopReason;
  tokens: number;
  ms: number;
  /** Score of the result before the loop (the final score is `GenerateResult.quality`). */
  initialScore: number;
  /** True when the final result has no visible failure left (or reached the score threshold). */
  fixed: boolean;
}

export interface ProviderReliability {
  providerId: string;
  mean: number;
  /** 90% credible interval. */
  lower: number;
  upper: number;
  /** Effective (decayed) observations. */
  evidence: number;
  /** Outcome updates seen. */
  events: number;
}

/** One bucket of `bucketSize` consecutive generations (by first outcome time). */
export interface LearningBucket {
  /** 1-based index of the first generation in the bucket. */
  from: number;
  generations: number;
  /** Share of user outcomes that kept the code (accepted-edited counts 1 - editRatio); undefined without any. */
  acceptance?: number;
  userOutcomes: number;
  /** Share of executed generations whose winner passed its own probes and examples. */
  validation?: number;
  validated: number;
}

export interface RepairStats {
  runs: number;
  /** Runs whose final result had no visible failure left (or reached the score threshold). */
  fixed: number;
  successRate?: number;
  iterations: number;
  tokens: number;
  meanTokens?: number;
  /** Per bucket of runs, oldest first. */
  buckets: { from: number; runs: number; fixed: number; tokens: number }[];
}

export interface LearningSummary {
  enabled: boolean;
  events: number;
  halfLifeEvents: number;
  level: number;
  bucketSize: number;
  providers: ProviderReliability[];
  kinds: { siteKind: string; acceptance: number; lower: number; upper: number; events: number }[];
  buckets: LearningBucket[];
  repair: RepairStats;
  counts: Record<string, number>;
}

export interface LearningParams {
  /** Generations per bucket of the curves (default 100). */
  bucketSize?: number;
}

export interface LearningExportResult {
  /** The whole learning state and outcome log, as JSON text. */
  json: string;
  events: number;
}

export const OutcomeNotification = new NotificationType<OutcomeParams>('weavergen/outcome');
export const LearningRequest = new RequestType<LearningParams | null | undefined, LearningSummary, WeaverErrorData>('weavergen/learning');
export const LearningResetRequest = new RequestType<void, { ok: true }, void>('weavergen/learningReset');
export const LearningExportRequest = new RequestType<void, LearningExportResult, void>('weavergen/learningExport');

/** Commands contributed by the client for learning (package.json `contributes.commands`). */
export const LearningCommands = {
  showLearning: 'weavergen.showLearning',
  resetLearning: 'weavergen.resetLearning',
  exportLearning: 'weavergen.exportLearning',
} as const;
