/** The providers area: one adapter per vendor, typed errors, retry, detection, registry. */
export type * from './types';
export * from './errors';
export { withRetry, isRetryable, backoffDelay, abortableDelay, type RetryOptions } from './retry';
export { OpenAIProvider } from './openai';
export { AnthropicProvider } from './anthropic';
export { ReplayProvider, parseRecordings, findRecording, type Recording } from './replay';
export { detectLocalServers, guessProduct, type DetectedServer, type LocalProduct } from './detect';
export { resolveProviders, createProvider, demoRecordingPath, DEMO_PROVIDER_ID, DEMO_MODEL, type ProviderEnv, type ResolvedProviders } from './registry';
