/** Anthropic Messages API adapter. Always streams (create with stream: true). */
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming } from '@anthropic-ai/sdk/resources/messages';
import type { CompletionRequest, CompletionResult, ModelProvider, ProviderConfig } from './types';
import { callIdentity, DEFAULT_TIMEOUT_MS, runStreamingCall, type CallIdentity } from './streamCall';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
const DEFAULT_MAX_TOKENS = 2048;

export class AnthropicProvider implements ModelProvider {
  readonly id: string;
  readonly kind = 'anthropic' as const;
  readonly model: string;
  readonly recorded = false;
  private readonly client: Anthropic;
  private readonly identity: CallIdentity;

  constructor(private readonly config: Readonly<ProviderConfig>, key?: string) {
    this.id = config.id;
    this.model = config.model;
    this.client = new Anthropic({
      apiKey: key ?? '',
      baseURL: config.baseURL || ANTHROPIC_DEFAULT_BASE_URL,
      maxRetries: 0,
      timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      logLevel: 'off',
    });
    this.identity = callIdentity(config, `Anthropic (${config.model})`, key);
  }

  complete(req: CompletionRequest): Promise<CompletionResult> {
    return runStreamingCall(this.identity, req, async (signal, emit) => {
      const stream = await this.client.messages.create(this.params(req), { signal });
      let model = this.model;
      let finishReason: string | undefined;
      const usage = { inputTokens: 0, outputTokens: 0 };
      for await (const event of stream) {
        switch (event.type) {
          case 'message_start':
            model = event.message.model || model;
            usage.inputTokens = event.message.usage?.input_tokens ?? 0;
            usage.outputTokens = event.message.usage?.output_tokens ?? 0;
            break;
          case 'content_block_delta':
            if (event.delta.type === 'text_delta') emit(event.delta.text);
            break;
          case 'message_delta':
            if (event.delta.stop_reason) finishReason = event.delta.stop_reason;
            if (typeof event.usage?.output_tokens === 'number') usage.outputTokens = event.usage.output_tokens;
            if (typeof event.usage?.input_tokens === 'number') usage.inputTokens = event.usage.input_tokens;
            break;
          default:
            break;
        }
      }
      return { model, finishReason, usage };
    });
  }

  /** Fresh request parameters; the shared config is never mutated. */
  private params(req: CompletionRequest): MessageCreateParamsStreaming {
    // This SDK version's Messages API has no temperature parameter; it is not sent.
    return {
      model: this.model,
      max_tokens: req.maxTokens ?? this.config.maxTokens ?? DEFAULT_MAX_TOKENS,
      system: req.system,
      messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
      stream: true,
    };
  }
}
