/**
 * One background pre-generation job: runs the real pipeline (the full orchestra) on a
 * snapshot of the document at the predicted site, with the job's AbortSignal, restricted
 * to the background provider set; stores the result only if the job was not aborted.
 * The snapshot is safe: the result is stored under the key of the site's local context
 * in that snapshot, so it can only ever be served where that context is unchanged.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { requeryOf } from '../cache';
import { estimateTokens, SYSTEM_PROMPT } from '../context/promptBuilder';
import type { FoundSite } from '../context/siteFinder';
import type { GenerateParams, GenerateResult, ProviderKind, ProviderUse } from '../protocol';
import type { BackgroundJobSpec, CancelReason, JobSpend, ProviderShare } from '../scheduler';
import { cancelledError } from '../util/errors';
import type { BackgroundPlan } from './plan';
import type { GenerateOptions } from '../generation/service';
import { WG, type Telemetry } from '../telemetry';
import { traceJob } from './traceSpans';
import type { TokenCalibration } from './calibration';

/** The prompt's own words around the file's text (site marker, intent, headings). */
const PROMPT_FRAME_TOKENS = 150;
/** Output tokens a body is expected to take, per provider sample. */
const EXPECTED_OUTPUT_TOKENS = 400;

export interface JobInput {
  doc: { uri: string; version: number; languageId: string; text: string };
  found: FoundSite;
  key: string;
  priority: number;
  plan: BackgroundPlan;
  provider: { id: string; kind: ProviderKind };
  maxContextTokens: number;
  generate(doc: TextDocument, params: GenerateParams, signal: AbortSignal, opts?: GenerateOptions): Promise<GenerateResult>;
  /** [telemetry] One `weavergen.pregen.job` trace per job (traceSpans.ts); none without. */
  telemetry?: Telemetry;
  store(result: GenerateResult, tokens: number): void;
  /** Tokens of a generation that finished but was aborted before it could be stored. */
  spentUnstored(tokens: number): void;
  latency(ms: number): void;
  now: () => number;
  /** Estimates corrected by reported usage (calibration.ts); raw estimates without. */
  calibration?: TokenCalibration;
}

/** Tokens one provider is expected to spend on the job (its prompt plus an answer). */
export function estimateTokensPerProvider(input: Pick<JobInput, 'doc' | 'found' | 'maxContextTokens'>): number {
  // An upper bound without building the prompt (which would parse the file on the main thread):
  // the prompt never exceeds the context budget, nor the whole file plus the instructions.
  const whole = estimateTokens(SYSTEM_PROMPT) + estimateTokens(input.doc.text) + PROMPT_FRAME_TOKENS;
  return Math.min(input.maxContextTokens, whole) + EXPECTED_OUTPUT_TOKENS;
}

/**
 * Each provider of the plan with its share of the estimate (the scheduler budgets them one by
 * one), scaled by `calibration`; `promptTokens` is what an aborted job stays charged (the answer
 * it never received is refunded).
 */
export function providerShares(
  plan: BackgroundPlan, fallback: { id: string; kind: ProviderKind }, perProvider: number, calibration?: TokenCalibration,
): ProviderShare[] {
  const members = plan.members?.length ? plan.members : [fallback];
  return members.map((m) => {
    const estimatedTokens = calibration ? calibration.apply(m.id, perProvider) : perProvider;
    const promptTokens = Math.max(0, Math.round(estimatedTokens * (1 - EXPECTED_OUTPUT_TOKENS / Math.max(perProvider, EXPECTED_OUTPUT_TOKENS + 1))));
    return { id: m.id, kind: m.kind, estimatedTokens, promptTokens };
  });
}

/** A job aborted before it sent anything: the whole estimate is refunded. */
export function abortedUnsent(): Error {
  return Object.assign(cancelledError(), { tokensUsed: 0, byProvider: {} });
}

/** What a generation spent: the total and each provider's share, from the result's provider list. */
export function spendOf(result: { providers: readonly ProviderUse[] }): Required<JobSpend> {
  const byProvider: Record<string, number> = {};
  let tokensUsed = 0;
  for (const p of result.providers) {
    const n = (p.inputTokens ?? 0) + (p.outputTokens ?? 0);
    byProvider[p.id] = (byProvider[p.id] ?? 0) + n;
    tokensUsed += n;
  }
  return { tokensUsed, byProvider };
}

/**
 * The end of every background job: the result is stored unless the job was aborted while it
 * ran; an aborted job throws the cancellation carrying what it spent (the scheduler settles
 * each provider's charge with it). Either way the job's trace records the outcome.
 * `abortReason`: a job only pre-empted by a user request whose answers all came in keeps
 * them (they were paid for, and its key is its snapshot's: it is served only where valid).
 */
export function storeUnlessAborted<R extends { providers: readonly ProviderUse[] }>(
  result: R, signal: AbortSignal, sink: { store(result: R, tokens: number): void; spentUnstored(tokens: number): void },
  outcome: (o: 'stored' | 'cancelled', tokens: number, qualityScore?: number) => void, qualityScore?: number,
  abortReason?: () => CancelReason | undefined,
): JobSpend {
  const spend = spendOf(result);
  if (signal.aborted && abortReason?.() !== 'preempted') {
    sink.spentUnstored(spend.tokensUsed);
    outcome('cancelled', spend.tokensUsed);
    throw Object.assign(cancelledError(), spend);
  }
  sink.store(result, spend.tokensUsed);
  outcome('stored', spend.tokensUsed, qualityScore);
  return spend;
}

export function backgroundJob(input: JobInput): BackgroundJobSpec {
  const raw = estimateTokensPerProvider(input);
  const providers = providerShares(input.plan, input.provider, raw, input.calibration);
  const estimatedTokens = providers.reduce((n, p) => n + p.estimatedTokens, 0);
  const attrs = {
    [WG.fileUri]: input.doc.uri, [WG.siteKind]: input.found.site.kind, [WG.providerId]: input.provider.id,
    [WG.pregenEstimatedTokens]: estimatedTokens, [WG.pregenPriority]: input.priority,
  };
  return {
    uri: input.doc.uri,
    contextKey: input.key,
    provider: input.provider,
    providers,
    estimatedTokens,
    priority: input.priority,
    run: (signal, providerIds, abortReason) => traceJob(input.telemetry, attrs, signal, async (parent, outcome) => {
      if (signal.aborted) throw abortedUnsent();
      const t0 = input.now();
      const doc = TextDocument.create(input.doc.uri, input.doc.languageId, input.doc.version, input.doc.text);
      const params: GenerateParams = {
        textDocument: { uri: input.doc.uri }, ...requeryOf(input.found),
        ...(providerIds.length ? { providers: providerIds } : {}),
      };
      const result = await input.generate(doc, params, signal, parent ? { parent } : undefined);
      input.latency(input.now() - t0);
      for (const p of result.providers) input.calibration?.observe(p.id, raw, (p.inputTokens ?? 0) + (p.outputTokens ?? 0));
      return storeUnlessAborted(result, signal, input, outcome, result.quality?.score, abortReason);
    }),
  };
}
