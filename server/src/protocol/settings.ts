/**
 * The `weavergen.*` settings as the server reads them (workspace/configuration or
 * initializationOptions). Defaults live in DEFAULT_SETTINGS and are mirrored, with
 * descriptions, in package.json `contributes.configuration`.
 */
import type { ProviderKind } from './index';
import { isHttpUrl, SettingsReader } from './settingsReader';
import { DEFAULT_TEAM_SETTINGS, resolveTeam, type TeamSettings } from './teamSettings';

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
  /** Team mode on a Redis/Valkey server, off by default (teamSettings.ts, docs/team.md). */
  team: TeamSettings;
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

export function resolvePregeneration(raw: unknown, r = new SettingsReader()): PregenerationSettings {
  const p = r.section('weavergen.pregeneration', raw);
  const d = DEFAULT_PREGENERATION_SETTINGS;
  const at = (k: keyof PregenerationSettings) => `weavergen.pregeneration.${k}`;
  return {
    enabled: r.bool(at('enabled'), p.enabled, d.enabled),
    allowPaidProviders: r.bool(at('allowPaidProviders'), p.allowPaidProviders, d.allowPaidProviders),
    tokensPerHour: r.number(at('tokensPerHour'), p.tokensPerHour, d.tokensPerHour, { min: 0, max: 10_000_000, integer: true }),
    maxSites: r.number(at('maxSites'), p.maxSites, d.maxSites, { min: 0, max: 50, integer: true }),
    cacheMaxBytes: r.number(at('cacheMaxBytes'), p.cacheMaxBytes, d.cacheMaxBytes, { min: 1024, max: MAX_STORE_BYTES, integer: true }),
    cacheTtlMinutes: r.number(at('cacheTtlMinutes'), p.cacheTtlMinutes, d.cacheTtlMinutes, { min: 0.01, max: 7 * 24 * 60 }),
    inlineMinQuality: r.number(at('inlineMinQuality'), p.inlineMinQuality, d.inlineMinQuality, { min: 0, max: 100 }),
    persistCache: r.bool(at('persistCache'), p.persistCache, d.persistCache),
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

export function resolveRepair(raw: unknown, r = new SettingsReader()): RepairSettings {
  const p = r.section('weavergen.repair', raw);
  const d = DEFAULT_REPAIR_SETTINGS;
  const at = (k: keyof RepairSettings) => `weavergen.repair.${k}`;
  return {
    enabled: r.bool(at('enabled'), p.enabled, d.enabled),
    maxIterations: r.number(at('maxIterations'), p.maxIterations, d.maxIterations, { min: 0, max: 10, integer: true }),
    maxTokens: r.number(at('maxTokens'), p.maxTokens, d.maxTokens, { min: 0, max: 1_000_000 }),
    maxSeconds: r.number(at('maxSeconds'), p.maxSeconds, d.maxSeconds, { min: 0, max: 3600 }),
    scoreThreshold: r.number(at('scoreThreshold'), p.scoreThreshold, d.scoreThreshold, { min: 0, max: 100 }),
  };
}

export function resolveLearning(raw: unknown, r = new SettingsReader()): LearningSettings {
  const p = r.section('weavergen.learning', raw);
  const d = DEFAULT_LEARNING_SETTINGS;
  return {
    enabled: r.bool('weavergen.learning.enabled', p.enabled, d.enabled),
    outcomeDelayMs: r.number('weavergen.learning.outcomeDelayMs', p.outcomeDelayMs, d.outcomeDelayMs, { min: 1, max: HOUR_MS }),
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
  /** Run candidates even where the OS-level sandbox (bubblewrap) is missing (machine-scoped). */
  allowWithoutOsSandbox: boolean;
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

/**
 * `otlpHeaders` are read here for callers whose settings are the user's own file (the CLI);
 * the language server replaces them with the headers from SecretStorage (features/configuration.ts).
 */
export function resolveTelemetry(raw: unknown, r = new SettingsReader()): TelemetrySettings {
  const t = r.section('weavergen.telemetry', raw);
  const headers: Record<string, string> = {};
  if (t.otlpHeaders && typeof t.otlpHeaders === 'object' && !Array.isArray(t.otlpHeaders)) {
    for (const [k, v] of Object.entries(t.otlpHeaders)) if (typeof v === 'string') headers[k] = v;
  }
  const d = DEFAULT_TELEMETRY_SETTINGS;
  return {
    captureContent: r.bool('weavergen.telemetry.captureContent', t.captureContent, d.captureContent),
    otlpEndpoint: r.url('weavergen.telemetry.otlpEndpoint', t.otlpEndpoint, d.otlpEndpoint, true),
    otlpHeaders: headers,
    maxStoreBytes: r.number('weavergen.telemetry.maxStoreBytes', t.maxStoreBytes, d.maxStoreBytes, { min: 1024, max: MAX_STORE_BYTES, integer: true }),
  };
}

export const DEFAULT_SETTINGS: WeaverSettings = {
  providers: [],
  detectLocalServers: true,
  localServerURLs: ['http://127.0.0.1:11434/v1', 'http://127.0.0.1:1234/v1', 'http://127.0.0.1:8080/v1', 'http://127.0.0.1:8000/v1'],
  replayDemo: 'auto',
  requestTimeoutMs: 60000,
  maxRetries: 2,
  maxContextTokens: 2000,
  orchestra: { samplesPerProvider: 1, providerDeadlineMs: 20000, overallDeadlineMs: 30000, quorum: 2 },
  execution: { enabled: true, allowWithoutOsSandbox: false },
  telemetry: DEFAULT_TELEMETRY_SETTINGS,
  repair: DEFAULT_REPAIR_SETTINGS,
  learning: DEFAULT_LEARNING_SETTINGS,
  pregeneration: DEFAULT_PREGENERATION_SETTINGS,
  team: DEFAULT_TEAM_SETTINGS,
};

function resolveExecution(r: SettingsReader, raw: unknown): ExecutionSettings {
  const e = r.section('weavergen.execution', raw);
  const d = DEFAULT_SETTINGS.execution;
  return {
    enabled: r.bool('weavergen.execution.enabled', e.enabled, d.enabled),
    allowWithoutOsSandbox: r.bool('weavergen.execution.allowWithoutOsSandbox', e.allowWithoutOsSandbox, d.allowWithoutOsSandbox),
  };
}

/** Merge a partial, possibly malformed settings object over the defaults. */
export function resolveSettings(raw: unknown): WeaverSettings {
  return checkSettings(raw).settings;
}

/**
 * The settings with every value type- and bounds-checked, and one message per setting that
 * was replaced by its default or clamped (`issues`, for the user to see).
 */
export function checkSettings(raw: unknown): { settings: WeaverSettings; issues: string[] } {
  const r = new SettingsReader();
  const o = r.section('weavergen', raw);
  const d = DEFAULT_SETTINGS;
  const settings: WeaverSettings = {
    providers: r.list('weavergen.providers', o.providers, d.providers, (p, at) => providerSettings(r, p, at)),
    detectLocalServers: r.bool('weavergen.detectLocalServers', o.detectLocalServers, d.detectLocalServers),
    localServerURLs: r.list('weavergen.localServerURLs', o.localServerURLs, d.localServerURLs,
      (u, at) => (typeof u === 'string' && isHttpUrl(u) ? u : r.refuse(at, 'must be an http(s) URL'))),
    replayDemo: r.oneOf('weavergen.replayDemo', o.replayDemo, ['auto', 'always', 'never'], d.replayDemo),
    requestTimeoutMs: r.number('weavergen.requestTimeoutMs', o.requestTimeoutMs, d.requestTimeoutMs, { min: 1, max: MAX_DEADLINE_MS }),
    maxRetries: r.number('weavergen.maxRetries', o.maxRetries, d.maxRetries, { min: 0, max: 10, integer: true }),
    maxContextTokens: r.number('weavergen.maxContextTokens', o.maxContextTokens, d.maxContextTokens, { min: 1, max: 1_000_000, integer: true }),
    orchestra: resolveOrchestra(r, o.orchestra),
    execution: resolveExecution(r, o.execution),
    telemetry: resolveTelemetry(o.telemetry, r),
    pregeneration: resolvePregeneration(o.pregeneration, r),
    repair: resolveRepair(o.repair, r),
    learning: resolveLearning(o.learning, r),
    team: resolveTeam(o.team, r),
  };
  return { settings, issues: r.issues };
}

/** Ten minutes: the longest a provider call or a deadline may be set to. */
const MAX_DEADLINE_MS = 10 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** 1 GiB: the largest in-memory store or cache. */
const MAX_STORE_BYTES = 1024 * 1024 * 1024;

function resolveOrchestra(r: SettingsReader, raw: unknown): OrchestraSettings {
  const o = r.section('weavergen.orchestra', raw);
  const d = DEFAULT_SETTINGS.orchestra;
  const at = (k: keyof OrchestraSettings) => `weavergen.orchestra.${k}`;
  return {
    samplesPerProvider: r.number(at('samplesPerProvider'), o.samplesPerProvider, d.samplesPerProvider, { min: 1, max: 8, integer: true }),
    providerDeadlineMs: r.number(at('providerDeadlineMs'), o.providerDeadlineMs, d.providerDeadlineMs, { min: 1, max: MAX_DEADLINE_MS }),
    overallDeadlineMs: r.number(at('overallDeadlineMs'), o.overallDeadlineMs, d.overallDeadlineMs, { min: 1, max: MAX_DEADLINE_MS }),
    quorum: r.number(at('quorum'), o.quorum, d.quorum, { min: 1, max: 64, integer: true }),
  };
}

const PROVIDER_KINDS = ['openai', 'anthropic', 'openai-compatible', 'replay'] as const;

/** One `weavergen.providers[i]` entry, or undefined (with an issue naming the field) when unusable. */
function providerSettings(r: SettingsReader, p: unknown, at: string): ProviderSettings | undefined {
  if (!p || typeof p !== 'object' || Array.isArray(p)) return r.refuse(at, 'must be an object { id, kind, model }');
  const o = p as Record<string, unknown>;
  if (typeof o.id !== 'string' || !o.id) return r.refuse(`${at}.id`, 'must be a non-empty string');
  if (!(PROVIDER_KINDS as readonly unknown[]).includes(o.kind)) return r.refuse(`${at}.kind`, `must be one of ${PROVIDER_KINDS.join(', ')}`);
  if (typeof o.model !== 'string') return r.refuse(`${at}.model`, 'must be a string');
  if (o.baseURL !== undefined && (typeof o.baseURL !== 'string' || !isHttpUrl(o.baseURL))) return r.refuse(`${at}.baseURL`, 'must be an http(s) URL');
  const out: ProviderSettings = { id: o.id, kind: o.kind as ProviderKind, model: o.model };
  if (o.baseURL !== undefined) out.baseURL = o.baseURL;
  const maxTokens = r.optionalNumber(`${at}.maxTokens`, o.maxTokens, { min: 1, max: 1_000_000, integer: true });
  const temperature = r.optionalNumber(`${at}.temperature`, o.temperature, { min: 0, max: 2 });
  if (maxTokens !== undefined) out.maxTokens = maxTokens;
  if (temperature !== undefined) out.temperature = temperature;
  if (o.enabled !== undefined) out.enabled = r.bool(`${at}.enabled`, o.enabled, true);
  return out;
}
