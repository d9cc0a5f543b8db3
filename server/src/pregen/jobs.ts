/**
 * One background pre-generation job: runs the real pipeline (the full orchestra) on a
 * snapshot of the document at the predicted site, with the job's AbortSignal, restricted
 * to the background provider set; stores the result only if the job was not aborted.
 * The snapshot is safe: the result is stored under the key of the site's local context
 * in that snapshot, so it can only ever be served where that context is unchanged.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildPrompt } from '../context/promptBuilder';
import type { FoundSite } from '../context/siteFinder';
import type { GenerateParams, GenerateResult, ProviderKind } from '../protocol';
import type { BackgroundJobSpec } from '../scheduler';
import { cancelledError } from '../util/errors';
import type { BackgroundPlan } from './plan';
import { tokensOf } from './serve';

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
  generate(doc: TextDocument, params: GenerateParams, signal: AbortSignal): Promise<GenerateResult>;
  store(result: GenerateResult, tokens: number): void;
  /** Tokens of a generation that finished but was aborted before it could be stored. */
  spentUnstored(tokens: number): void;
  latency(ms: number): void;
  now: () => number;
}

export function estimateTokens(input: Pick<JobInput, 'doc' | 'found' | 'maxContextTokens' | 'plan'>): number {
  const prompt = buildPrompt(input.doc.text, fileOf(input.doc.uri), input.found, input.maxContextTokens).tokens;
  return (prompt + EXPECTED_OUTPUT_TOKENS) * Math.max(1, input.plan.ids.length);
}

export function backgroundJob(input: JobInput): BackgroundJobSpec {
  return {
    uri: input.doc.uri,
    contextKey: input.key,
    provider: input.provider,
    estimatedTokens: estimateTokens(input),
    priority: input.priority,
    async run(signal) {
      const t0 = input.now();
      const doc = TextDocument.create(input.doc.uri, input.doc.languageId, input.doc.version, input.doc.text);
      const params: GenerateParams = {
        textDocument: { uri: input.doc.uri }, position: input.found.site.range.start,
        ...(input.plan.ids.length ? { providers: input.plan.ids } : {}),
      };
      const result = await input.generate(doc, params, signal);
      input.latency(input.now() - t0);
      const tokens = tokensOf(result);
      if (signal.aborted) {
        input.spentUnstored(tokens);
        throw Object.assign(cancelledError(), { tokensUsed: tokens });
      }
      input.store(result, tokens);
      return { tokensUsed: tokens };
    },
  };
}

function fileOf(uri: string): string {
  const last = uri.replace(/[?#].*$/, '').split('/').pop() ?? '';
  try {
    return decodeURIComponent(last) || 'untitled.ts';
  } catch {
    return last || 'untitled.ts';
  }
}
