/**
 * One `chat {model}` CLIENT span per provider call (GenAI semantic conventions), without touching the providers or the
 * code that calls them: providers are wrapped where they are resolved (instrumentResolver),
 * and each call becomes a child of whatever span is current (the generation's root).
 */
import { SpanKind } from '@opentelemetry/api';
import type { CompletionRequest, CompletionResult, ModelProvider } from '../providers/types';
import type { ResolvedProviders } from '../providers/registry';
import type { Resolver } from '../generation/providerSet';
import { GEN_AI, WG, chatSpanName, genAiProviderName } from './attributes';
import type { Telemetry } from './telemetry';

/** Each instrumented provider's own provider (for calls whose span is recorded elsewhere). */
const originals = new WeakMap<ModelProvider, ModelProvider>();

/** The provider without its `chat {model}` spans: for a call another thread records (background/). */
export function uninstrumented(p: ModelProvider): ModelProvider {
  return originals.get(p) ?? p;
}

export function instrumentProvider(p: ModelProvider, telemetry: Telemetry): ModelProvider {
  const wrapped: ModelProvider = {
    id: p.id,
    kind: p.kind,
    model: p.model,
    recorded: p.recorded,
    complete: (req: CompletionRequest): Promise<CompletionResult> => telemetry.withSpan(chatSpanName(p.model), {
      [GEN_AI.operationName]: 'chat',
      [GEN_AI.providerName]: genAiProviderName(p.kind),
      [GEN_AI.requestModel]: p.model,
      [GEN_AI.requestMaxTokens]: req.maxTokens,
      [GEN_AI.requestTemperature]: req.temperature,
      [WG.providerId]: p.id,
      [WG.providerKind]: p.kind,
      [WG.recorded]: p.recorded,
    }, async (span) => {
      if (span.capturesContent) {
        span.event('gen_ai.content.prompt', { [GEN_AI.prompt]: promptText(req) });
      }
      const result = await p.complete(req);
      span.set({
        [GEN_AI.responseModel]: result.model,
        [GEN_AI.inputTokens]: result.usage.inputTokens,
        [GEN_AI.outputTokens]: result.usage.outputTokens,
        [GEN_AI.responseFinishReasons]: result.finishReason ? [result.finishReason] : undefined,
        [WG.latencyMs]: result.latencyMs,
        [WG.timeToFirstTokenMs]: result.firstTokenMs,
        [WG.retries]: result.retries,
        [WG.recorded]: result.recorded,
      });
      if (span.capturesContent) span.event('gen_ai.content.completion', { [GEN_AI.completion]: result.text });
      return result;
    }, { kind: SpanKind.CLIENT, signal: req.signal }),
  };
  originals.set(wrapped, uninstrumented(p));
  return wrapped;
}

function promptText(req: CompletionRequest): string {
  return [`system: ${req.system}`, ...req.messages.map((m) => `${m.role}: ${m.content}`)].join('\n\n');
}

/**
 * A resolver whose providers record spans. It also tells telemetry the current settings and
 * the keys in use (so they can be scrubbed from anything recorded).
 */
export function instrumentResolver(resolve: Resolver, telemetry: Telemetry): Resolver {
  return async (settings, env, signal): Promise<ResolvedProviders> => {
    telemetry.setSecrets(Object.values(env.keys));
    if (settings.telemetry) telemetry.configure(settings.telemetry);
    const resolved = await resolve(settings, env, signal);
    return { ...resolved, providers: resolved.providers.map((p) => instrumentProvider(p, telemetry)) };
  };
}
