/**
 * Attribute and span names. OpenTelemetry GenAI semantic conventions where they exist
 * (`gen_ai.*`, `error.type`), the `weavergen.*` namespace for the rest. Listed, with what
 * is and is never exported, in docs/telemetry.md.
 */
import { ATTR_ERROR_TYPE, ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_TYPE } from '@opentelemetry/semantic-conventions';
import type { ProviderKind } from '../protocol';

/** OpenTelemetry GenAI semantic conventions. */
export const GEN_AI = {
  /** Replaces the deprecated `gen_ai.system`. */
  providerName: 'gen_ai.provider.name',
  operationName: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  responseModel: 'gen_ai.response.model',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  /** Content (only with captureContent): prompt and completion text, as span events. */
  prompt: 'gen_ai.prompt',
  completion: 'gen_ai.completion',
  /** The `gen_ai.evaluation.result` event: a score of the model's output (here: the quality score). */
  evaluationEvent: 'gen_ai.evaluation.result',
  evaluationName: 'gen_ai.evaluation.name',
  evaluationScoreValue: 'gen_ai.evaluation.score.value',
  evaluationScoreLabel: 'gen_ai.evaluation.score.label',
  evaluationExplanation: 'gen_ai.evaluation.explanation',
} as const;

/** GenAI span name of one model call: `{gen_ai.operation.name} {gen_ai.request.model}`, e.g. "chat gpt-4o-mini". */
export function chatSpanName(model: string): string {
  return model ? `chat ${model}` : 'chat';
}

const PROVIDER_NAMES: Record<ProviderKind, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  'openai-compatible': 'openai_compatible',
  replay: 'weavergen.replay',
};

/** The `gen_ai.provider.name` value of a provider kind. */
export function genAiProviderName(kind: ProviderKind): string {
  return PROVIDER_NAMES[kind] ?? kind;
}

/** True for a model-call span (named by chatSpanName). */
export function isChatSpanName(name: string): boolean {
  return name === 'chat' || name.startsWith('chat ');
}

/** General OpenTelemetry conventions (stable). */
export const OTEL = {
  errorType: ATTR_ERROR_TYPE,
  exceptionType: ATTR_EXCEPTION_TYPE,
  exceptionMessage: ATTR_EXCEPTION_MESSAGE,
} as const;

/** Everything else, in the `weavergen.*` namespace. */
export const WG = {
  fileUri: 'weavergen.file.uri',
  siteKind: 'weavergen.site.kind',
  providerId: 'weavergen.provider.id',
  providerKind: 'weavergen.provider.kind',
  providersAsked: 'weavergen.providers.asked',
  providersOk: 'weavergen.providers.ok',
  recorded: 'weavergen.recorded',
  timeToFirstTokenMs: 'weavergen.time_to_first_token_ms',
  latencyMs: 'weavergen.latency_ms',
  retries: 'weavergen.retries',
  contextMs: 'weavergen.timing.context_ms',
  generationMs: 'weavergen.timing.generation_ms',
  cancelled: 'weavergen.cancelled',
  sandboxOutcome: 'weavergen.sandbox.outcome',
  sandboxLimit: 'weavergen.sandbox.limit_hit',
  probesRun: 'weavergen.probes.run',
  probesPassed: 'weavergen.probes.passed',
  clusterCount: 'weavergen.consensus.clusters',
  clusterSizes: 'weavergen.consensus.cluster_sizes',
  agreeing: 'weavergen.consensus.agreeing',
  qualityScore: 'weavergen.quality.score',
  cacheHit: 'weavergen.cache.hit',
  repairIteration: 'weavergen.repair.iteration',
  /** Stage spans (docs/telemetry.md, "Stage spans"). Counts, outcomes, sizes; never content. */
  promptTokens: 'weavergen.prompt.tokens_estimate',
  promptChars: 'weavergen.prompt.chars',
  samplesPerProvider: 'weavergen.fanout.samples_per_provider',
  quorum: 'weavergen.fanout.quorum',
  quorumReached: 'weavergen.fanout.quorum_reached',
  stoppedBy: 'weavergen.fanout.stopped_by',
  providerIds: 'weavergen.providers.ids',
  samplesAccepted: 'weavergen.fanout.samples',
  missingProviders: 'weavergen.fanout.missing',
  missingReasons: 'weavergen.fanout.missing_reasons',
  answersIn: 'weavergen.extract.answers',
  candidatesOut: 'weavergen.extract.candidates',
  dropped: 'weavergen.extract.dropped',
  droppedReasons: 'weavergen.extract.dropped_reasons',
  duplicatesMerged: 'weavergen.extract.duplicates_merged',
  extractMs: 'weavergen.extract.ms',
  typecheckCandidates: 'weavergen.typecheck.candidates',
  typecheckAvailable: 'weavergen.typecheck.available',
  typecheckOk: 'weavergen.typecheck.ok',
  typecheckDiagnostics: 'weavergen.typecheck.diagnostics',
  candidateIds: 'weavergen.candidate.ids',
  sandboxPurpose: 'weavergen.sandbox.purpose',
  sandboxLayers: 'weavergen.sandbox.layers',
  sandboxDurationMs: 'weavergen.sandbox.duration_ms',
  sandboxComplete: 'weavergen.sandbox.complete',
  candidates: 'weavergen.consensus.candidates',
  answers: 'weavergen.consensus.answers',
  executed: 'weavergen.consensus.executed',
  winnerCluster: 'weavergen.consensus.winner',
  winnerSize: 'weavergen.consensus.winner_size',
  docPassed: 'weavergen.consensus.doc_examples_matched',
  docTotal: 'weavergen.consensus.doc_examples',
  qualityComponent: 'weavergen.quality.component.',
  cacheKeyKind: 'weavergen.cache.key_kind',
  cacheBytes: 'weavergen.cache.bytes',
  cacheLookupMs: 'weavergen.cache.lookup_ms',
  cacheSourceTrace: 'weavergen.cache.source_trace_id',
  pregenOutcome: 'weavergen.pregen.outcome',
  pregenTokens: 'weavergen.pregen.tokens',
  pregenEstimatedTokens: 'weavergen.pregen.estimated_tokens',
  pregenPriority: 'weavergen.pregen.priority',
  testsFramework: 'weavergen.tests.framework',
  testsCandidates: 'weavergen.tests.candidates',
  testsPassed: 'weavergen.tests.passed',
  testsAssertions: 'weavergen.tests.assertions',
  testsMutantsKilled: 'weavergen.tests.mutants_killed',
  testsMutantsTotal: 'weavergen.tests.mutants_total',
  /** Content (only with captureContent). */
  intent: 'weavergen.intent',
  symbol: 'weavergen.site.symbol',
  code: 'weavergen.code',
} as const;

/** Span names used by the server. */
export const SPAN = {
  generate: 'weavergen.generate',
  context: 'weavergen.context',
  fanout: 'weavergen.fanout',
  extract: 'weavergen.extract',
  typecheck: 'weavergen.typecheck',
  sandboxRun: 'weavergen.sandbox.run',
  consensus: 'weavergen.consensus',
  quality: 'weavergen.quality',
  cacheLookup: 'weavergen.cache.lookup',
  pregenJob: 'weavergen.pregen.job',
  generateTests: 'weavergen.tests.generate',
  validateTests: 'weavergen.tests.validate',
} as const;

/** Attribute keys whose values are source code, prompts or identifiers from the user's code. */
export const CONTENT_KEYS: ReadonlySet<string> = new Set([GEN_AI.prompt, GEN_AI.completion, WG.intent, WG.symbol, WG.code]);
