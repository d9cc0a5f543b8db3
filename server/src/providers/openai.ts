/**
 * OpenAI Chat Completions adapter, also used for every OpenAI-compatible server
 * (Ollama, LM Studio, llama.cpp, vLLM...) through `baseURL`. Always streams.
 */
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { CompletionRequest, CompletionResult, ModelProvider, ProviderConfig } from './types';
import { callIdentity, DEFAULT_TIMEOUT_MS, runStreamingCall, type CallIdentity } from './streamCall';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/** Local servers ignore the key, but the SDK insists on one. */
const DUMMY_KEY = 'not-needed';

export class OpenAIProvider implements ModelProvider {
  readonly id: string;
  readonly kind: 'openai' | 'openai-compatible';
  readonly model: string;
  readonly recorded = false;
  private readonly client: OpenAI;
  private readonly identity: CallIdentity;

  constructor(private readonly config: Readonly<ProviderConfig>, key?: string) {
    this.id = config.id;
    this.kind = config.kind === 'openai' ? 'openai' : 'openai-compatible';
    this.model = config.model;
    this.client = new OpenAI({
      apiKey: key || DUMMY_KEY,
      baseURL: config.baseURL || OPENAI_DEFAULT_BASE_URL,
      maxRetries: 0,
      timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      logLevel: 'off',
    });
    const vendor = this.kind === 'openai' ? 'OpenAI' : `OpenAI-compatible ${config.id}`;
    this.identity = callIdentity(config, `${vendor} (${config.model})`, key);
  }

  complete(req: CompletionRequest): Promise<CompletionResult> {
    return runStreamingCall(this.identity, req, async (signal, emit) => {
      const stream = await this.client.chat.completions.create(this.params(req), { signal });
      let model = this.model;
      let finishReason: string | undefined;
      const usage = { inputTokens: 0, outputTokens: 0 };
      for await (const chunk of stream) {
        if (chunk.model) model = chunk.model;
        const choice = chunk.choices?.[0];
        const delta = choice?.delta?.content;
        if (typeof delta === 'string') emit(delta);
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        if (chunk.usage) {
          usage.inputTokens = chunk.usage.prompt_tokens ?? 0;
          usage.outputTokens = chunk.usage.completion_tokens ?? 0;
        }
      }
      return { model, finishReason, usage };
    });
  }

  /** Fresh request parameters; the shared config is never mutated. */
  private params(req: CompletionRequest): ChatCompletionCreateParamsStreaming {
    const maxTokens = req.maxTokens ?? this.config.maxTokens;
    const temperature = req.temperature ?? this.config.temperature;
    const params: ChatCompletionCreateParamsStreaming = {
      model: this.model,
      messages: [{ role: 'system', content: req.system }, ...req.messages.map((m) => ({ role: m.role, content: m.content }))],
      stream: true,
      stream_options: { include_usage: true },
    };
    if (temperature !== undefined) params.temperature = temperature;
    if (maxTokens !== undefined) {
      // OpenAI's newer models only accept max_completion_tokens; local servers know max_tokens.
      if (this.kind === 'openai') params.max_completion_tokens = maxTokens;
      else params.max_tokens = maxTokens;
    }
    return params;
  }
}
