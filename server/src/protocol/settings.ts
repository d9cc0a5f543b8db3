/**
 * The `weavergen.*` settings as the server reads them (workspace/configuration or
 * initializationOptions). Defaults live in DEFAULT_SETTINGS and are mirrored, with
 * descriptions, in package.json `contributes.configuration`.
 */
import type { ProviderKind } from './index';

export interface ProviderSettings {
  id: string;
  kind: ProviderKind;
  model: string;
  baseURL?: string;
  maxTokens?: number;
  temperature?: number;
  enabled?: boolean;
}

export interface WeaverSettings {
  /** Configured model providers. Keys are never here: SecretStorage or the environment. */
  providers: ProviderSettings[];
  /** Probe well-known local OpenAI-compatible servers (Ollama, LM Studio, llama.cpp). */
  detectLocalServers: boolean;
  /** Base URLs probed by detection (each must serve GET {url}/models). */
  localServerURLs: string[];
  /** Use the bundled recorded demo: 'auto' = only when no other provider is available. */
  replayDemo: 'auto' | 'always' | 'never';
  /** Per-request timeout for one provider call, ms. */
  requestTimeoutMs: number;
  /** Retries on rate limits, 5xx and network errors. */
  maxRetries: number;
  /** Token budget for the context put in the prompt. */
  maxContextTokens: number;
  /** The model orchestra: fan-out to every provider, deadlines, early quorum. */
  orchestra: OrchestraSettings;
  /** Sandboxed execution of candidates (never in untrusted workspaces). */
  execution: ExecutionSettings;
  /** Tracing: span evidence kept per workspace, optional OTLP export (docs/telemetry.md). */
  telemetry: TelemetrySettings;
  /** The repair loop: visible failures are sent back to the models (docs/protocol.md). */
  repair: RepairSettings;
  /** Learning from outcomes: per-provider reliability used as consensus weights. */
  learning: LearningSettings;
  /** Predictive pre-generation in the background, served from the snippet cache. */
  pregeneration: PregenerationSettings;
}

/** `weavergen.pregeneration.*` */
export interface PregenerationSettings {
  enabled: boolean;
  /** Background work on paid providers (openai/anthropic); default false = local/free/replay only. */
  allowPaidProviders: boolean;
  /** Background token budget per provider per hour. */
  tokensPerHour: number;
  /** Sites pre-generated per document (top-ranked). */
  maxSites: number;
  cacheMaxBytes: number;
  cacheTtlMinutes: number;
  /** Inline completions only for cached results with at least this quality (0-100). */
  inlineMinQuality: number;
  /** Keep the cache across restarts (a bounded file under the workspace storage path). */
  persistCache: boolean;
}

export const DEFAULT_PREGENERATION_SETTINGS: PregenerationSettings = {
  enabled: true, allowPaidProviders: false, tokensPerHour: 20000, maxSites: 3, cacheMaxBytes: 8 * 1024 * 1024,
  cacheTtlMinutes: 30, inlineMinQuality: 60, persistCache: false,
};

export function resolvePregeneration(raw: unknown): PregenerationSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof PregenerationSettings, unknown>>;
  const d = DEFAULT_PREGENERATION_SETTINGS;
  const bool = (v: unknown, def: boolean) => (typeof v === 'boolean' ? v : def);
  const num = (v: unknown, def: number, min: number) => (typeof v === 'number' && Number.isFinite(v) && v >= min ? v : def);
  return {
    enabled: bool(r.enabled, d.enabled),
    allowPaidProviders: bool(r.allowPaidProviders, d.allowPaidProviders),
    tokensPerHour: Math.floor(num(r.tokensPerHour, d.tokensPerHour, 0)),
    maxSites: Math.floor(num(r.maxSites, d.maxSites, 0)),
    cacheMaxBytes: Math.floor(num(r.cacheMaxBytes, d.cacheMaxBytes, 1024)),
    cacheTtlMinutes: num(r.cacheTtlMinutes, d.cacheTtlMinutes, 0.01),
    inlineMinQuality: Math.min(100, num(r.inlineMinQuality, d.inlineMinQuality, 0)),
    persistCache: bool(r.persistCache, d.persistCache),
  };
}

/** `weavergen.repair.*` */
export interface RepairSettings {
  enabled: boolean;
  maxIterations: number;
  maxTokens: number;
  maxSeconds: number;
  /** Quality score (0..100) at which the result is good enough. */
  scoreThreshold: number;
}

/** `weavergen.learning.*` */
export interface LearningSettings {
  /** Record outcomes and use learned reliability in consensus. */
  enabled: boolean;
  /** How long after insertion the client judges accepted / accepted-edited, ms. */
  outcomeDelayMs: number;
}

export const DEFAULT_REPAIR_SETTINGS: RepairSettings = { enabled: true, maxIterations: 3, maxTokens: 20000, maxSeconds: 60, scoreThreshold: 80 };
export const DEFAULT_LEARNING_SETTINGS: LearningSettings = { enabled: true, outcomeDelayMs: 30000 };

export function resolveRepair(raw: unknown): RepairSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof RepairSettings, unknown>>;
  const d = DEFAULT_REPAIR_SETTINGS;
  const nonNeg = (v: unknown, dflt: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : dflt);
  return {
    enabled: typeof r.enabled === 'boolean' ? r.enabled : d.enabled,
    maxIterations: Math.floor(nonNeg(r.maxIterations, d.maxIterations)),
    maxTokens: nonNeg(r.maxTokens, d.maxTokens),
    maxSeconds: nonNeg(r.maxSeconds, d.maxSeconds),
    scoreThreshold: Math.min(100, nonNeg(r.scoreThreshold, d.scoreThreshold)),
  };
}

export function resolveLearning(raw: unknown): LearningSettings {
  const l = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof LearningSettings, unknown>>;
  return {
    enabled: typeof l.enabled === 'boolean' ? l.enabled : DEFAULT_LEARNING_SETTINGS.enabled,
    outcomeDelayMs: isPositive(l.outcomeDelayMs) ? l.outcomeDelayMs : DEFAULT_LEARNING_SETTINGS.outcomeDelayMs,
  };
}

export interface OrchestraSettings {
  /** Samples asked of each provider per generation. */
  samplesPerProvider: number;
  /** A provider that has not answered after this many ms is left out (ms). */
  providerDeadlineMs: number;
  /** The result is built from whatever arrived after this many ms. */
  overallDeadlineMs: number;
  /** Stop waiting once this many candidates have identical normalised code. */
  quorum: number;
}

export interface ExecutionSettings {
  /** Run candidates in the sandbox to decide by behaviour. */
  enabled: boolean;
}

/** `weavergen.telemetry.*` (what is exported and what never is: docs/telemetry.md). */
export interface TelemetrySettings {
  /** Put source code, prompts and model answers in spans (and so in OTLP exports). Default false. */
  captureContent: boolean;
  /** OTLP/HTTP collector base URL (e.g. http://127.0.0.1:4318) or full /v1/traces URL; "" = no export. */
  otlpEndpoint: string;
  /** Extra HTTP headers for the OTLP export (e.g. an auth token); treated as secrets. */
  otlpHeaders: Record<string, string>;
  /** Byte cap of the in-memory span store; whole oldest traces are evicted. */
  maxStoreBytes: number;
}

export const DEFAULT_TELEMETRY_SETTINGS: TelemetrySettings = {
  captureContent: false, otlpEndpoint: '', otlpHeaders: {}, maxStoreBytes: 8 * 1024 * 1024,
};

export function resolveTelemetry(raw: unknown): TelemetrySettings {
  const t = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof TelemetrySettings, unknown>>;
  const headers: Record<string, string> = {};
  if (t.otlpHeaders && typeof t.otlpHeaders === 'object' && !Array.isArray(t.otlpHeaders)) {
    for (const [k, v] of Object.entries(t.otlpHeaders)) if (typeof v === 'string') headers[k] = v;
  }
  return {
    captureContent: t.captureContent === true,
    otlpEndpoint: typeof t.otlpEndpoint === 'string' ? t.otlpEndpoint.trim() : '',
    otlpHeaders: headers,
    maxStoreBytes: typeof t.maxStoreBytes === 'number' && t.maxStoreBytes >= 1024 ? Math.floor(t.maxStoreBytes) : DEFAULT_TELEMETRY_SETTINGS.maxStoreBytes,
  };
}

export const DEFAULT_SETTINGS: WeaverSettings = {
  providers: [],
  detectLocalServers: true,
  localServerURLs: ['http://127.0.0.1:11434/v1', 'http://127.0.0.1:1234/v1', 'http://127.0.0.1:8080/v1'],
  replayDemo: 'auto',
  requestTimeoutMs: 60000,
  maxRetries: 2,
  maxContextTokens: 2000,
  orchestra: { samplesPerProvider: 1, providerDeadlineMs: 20000, overallDeadlineMs: 30000, quorum: 2 },
  execution: { enabled: true },
  telemetry: DEFAULT_TELEMETRY_SETTINGS,
  repair: DEFAULT_REPAIR_SETTINGS,
  learning: DEFAULT_LEARNING_SETTINGS,
  pregeneration: DEFAULT_PREGENERATION_SETTINGS,
};

/** Merge a partial, possibly malformed settings object over the defaults. */
export function resolveSettings(raw: unknown): WeaverSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<WeaverSettings>;
  const out: WeaverSettings = { ...DEFAULT_SETTINGS };
  if (Array.isArray(r.providers)) out.providers = r.providers.filter(isProviderSettings);
  if (typeof r.detectLocalServers === 'boolean') out.detectLocalServers = r.detectLocalServers;
  if (Array.isArray(r.localServerURLs)) out.localServerURLs = r.localServerURLs.filter((u) => typeof u === 'string');
  if (r.replayDemo === 'auto' || r.replayDemo === 'always' || r.replayDemo === 'never') out.replayDemo = r.replayDemo;
  if (isPositive(r.requestTimeoutMs)) out.requestTimeoutMs = r.requestTimeoutMs;
  if (typeof r.maxRetries === 'number' && r.maxRetries >= 0) out.maxRetries = Math.floor(r.maxRetries);
  if (isPositive(r.maxContextTokens)) out.maxContextTokens = r.maxContextTokens;
  out.orchestra = resolveOrchestra(r.orchestra);
  out.execution = { enabled: typeof r.execution?.enabled === 'boolean' ? r.execution.enabled : DEFAULT_SETTINGS.execution.enabled };
  out.telemetry = resolveTelemetry(r.telemetry);
  out.pregeneration = resolvePregeneration(r.pregeneration);
  out.repair = resolveRepair(r.repair);
  out.learning = resolveLearning(r.learning);
  return out;
}

function resolveOrchestra(raw: unknown): OrchestraSettings {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Partial<OrchestraSettings>;
  const out: OrchestraSettings = { ...DEFAULT_SETTINGS.orchestra };
  if (isPositive(o.samplesPerProvider)) out.samplesPerProvider = Math.min(8, Math.floor(o.samplesPerProvider));
  if (isPositive(o.providerDeadlineMs)) out.providerDeadlineMs = o.providerDeadlineMs;
  if (isPositive(o.overallDeadlineMs)) out.overallDeadlineMs = o.overallDeadlineMs;
  if (isPositive(o.quorum)) out.quorum = Math.max(1, Math.floor(o.quorum));
  return out;
}

function isPositive(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
}

function isProviderSettings(p: unknown): p is ProviderSettings {
  if (!p || typeof p !== 'object') return false;
  const o = p as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.model === 'string' &&
    (o.kind === 'openai' || o.kind === 'anthropic' || o.kind === 'openai-compatible' || o.kind === 'replay');
}
