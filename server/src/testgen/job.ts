/**
 * One background test-generation job: a sibling of pregen/jobs.ts's `backgroundJob`, on
 * the same scheduler and budget path (per-provider shares, tokens settled per provider),
 * running the test pipeline on a snapshot and storing the result only if not aborted.
 */
import type { BackgroundJobSpec } from '../scheduler';
import type { ProviderKind } from '../protocol';
import type { TestGenResult } from '../protocol/testgen';
import { providerShares, storeUnlessAborted } from '../pregen/jobs';
import type { BackgroundPlan } from '../pregen/plan';
import { traceJob } from '../pregen/traceSpans';
import { WG, type Telemetry } from '../telemetry';
import { TEST_KIND } from './key';

/** Output tokens a test file is expected to take, per provider sample. */
const EXPECTED_OUTPUT_TOKENS = 700;

export interface TestJobInput {
  uri: string;
  key: string;
  priority: number;
  plan: BackgroundPlan;
  provider: { id: string; kind: ProviderKind };
  promptTokens: number;
  generate(signal: AbortSignal, providerIds: string[]): Promise<TestGenResult>;
  store(result: TestGenResult, tokens: number): void;
  spentUnstored(tokens: number): void;
  /** [telemetry] One `weavergen.pregen.job` trace per job, the generation nested under it. */
  telemetry?: Telemetry;
}

export function backgroundTestJob(input: TestJobInput): BackgroundJobSpec {
  const providers = providerShares(input.plan, input.provider, input.promptTokens + EXPECTED_OUTPUT_TOKENS);
  return {
    uri: input.uri,
    contextKey: input.key,
    provider: input.provider,
    providers,
    estimatedTokens: providers.reduce((n, p) => n + p.estimatedTokens, 0),
    priority: input.priority,
    run: (signal, providerIds) => traceJob(input.telemetry, {
      [WG.fileUri]: input.uri, [WG.siteKind]: TEST_KIND, [WG.providerId]: providerIds.join(','), [WG.pregenPriority]: input.priority,
    }, signal, async (_parent, outcome) => {
      const result = await input.generate(signal, providerIds);
      return storeUnlessAborted(result, signal, input, outcome, result.quality.score);
    }),
  };
}
