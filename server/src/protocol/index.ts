/**
 * The one typed protocol module shared by the client and the language server.
 * Every custom request, notification and command id lives here; no method string is
 * written at a call site. Documented for humans in docs/protocol.md.
 *
 * This module must stay free of runtime dependencies on either `vscode` or the server's
 * internals: it only imports protocol types/constructors that both sides already carry.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Position, Range, TextEdit } from 'vscode-languageserver-protocol';

export type ProviderKind = 'openai' | 'anthropic' | 'openai-compatible' | 'replay';

/** Where generated code goes and why we think the user wants it there. */
export type SiteKind =
  | 'intent-comment' | 'todo-comment' | 'empty-body' | 'stub-body' | 'selection'
  /** A class lacking members of a local interface / abstract base: declarations inserted before its closing brace. */
  | 'missing-member'
  /** A call of a function declared nowhere: its declaration inserted after the statement holding the first call. */
  | 'missing-function';

/** Machine-readable error codes carried in `ResponseError.data.code`. */
export type WeaverErrorCode =
  | 'auth'
  | 'rate_limit'
  | 'timeout'
  | 'bad_response'
  | 'network'
  | 'cancelled'
  | 'stale_version'
  | 'no_site'
  | 'no_provider'
  | 'all_failed'
  | 'invalid_params';

export interface WeaverErrorData {
  code: WeaverErrorCode;
  /** Provider that failed, when the error is a provider's. */
  providerId?: string;
  /** Per-provider failures when every provider failed. */
  failures?: { providerId: string; code: WeaverErrorCode; message: string }[];
}

export interface GenerateParams {
  textDocument: { uri: string; version?: number };
  /** Cursor position: the site is found around it. */
  position?: Position;
  /** Selection: an intent comment or a function body inside it. */
  range?: Range;
  /** Explicit intent text; overrides what is read from the comment. */
  intent?: string;
  /** Restrict to these provider ids (default: every enabled provider). */
  providers?: string[];
}

/** What one provider did for one request. */
export interface ProviderUse {
  id: string;
  kind: ProviderKind;
  model: string;
  /** True when the answer came from a recording (replay provider), not a live model. */
  recorded: boolean;
  status: 'ok' | 'error' | 'cancelled';
  error?: { code: WeaverErrorCode; message: string };
  latencyMs: number;
  firstTokenMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  retries?: number;
}

export interface GenerationSite {
  kind: SiteKind;
  /** Range the generated code replaces (may be empty: an insertion point). */
  range: Range;
  intent: string;
  /** Enclosing or target symbol name, when known. */
  symbol?: string;
  /** The text of `range` when the result was computed; used to re-anchor after edits. */
  originalText: string;
  /** A little text either side of `range` when it was computed (re-anchoring context). */
  anchor?: { before: string; after: string };
}

export interface GenerateResult {
  /** The generated code exactly as it will be inserted. */
  code: string;
  /** The edit, valid only for `edit.textDocument.version`. */
  edit: { textDocument: { uri: string; version: number }; edits: TextEdit[] };
  site: GenerationSite;
  /** The provider whose answer was chosen. */
  provider: ProviderUse;
  /** Every provider asked, with its outcome. */
  providers: ProviderUse[];
  /** True when the chosen answer is a recording. */
  recorded: boolean;
  timings: { totalMs: number; contextMs: number; generationMs: number };
  /** Filled by the orchestra/quality issue. */
  quality?: { score: number; components: Record<string, number> };
  /** The orchestra's clusters and where the runners-up differ from the winner. */
  consensus?: ConsensusInfo;
  /** Whether candidates were executed in the sandbox, and if not, why. */
  execution?: ExecutionInfo;
  /** Providers (or samples) that contributed no candidate, and why. */
  missing?: { providerId: string; reason: string }[];
  /** Filled by the evidence issue. */
  traceId?: string;
  fromCache?: boolean;
  /** Identifies this result in `weavergen/outcome` notifications. */
  resultId?: string;
  /** The repair loop's rounds, when the first winner visibly failed (protocol/learning.ts). */
  repair?: import('./learning').RepairInfo;
}

/** One behavioural cluster (or, without execution, one group of textually identical candidates). */
export interface ConsensusCluster {
  id: string;
  size: number;
  providers: string[];
  /** Short human summary, e.g. "7/7 probes ok" or "not executed". */
  behaviour: string;
  /** The cluster's representative code, as extracted for the site. */
  representative: string;
  /** The full text that would replace the site's range (like GenerateResult.code). */
  insertText: string;
  probesPassed: number;
  probesTotal: number;
  /** Type-check verdict of the representative, when known. */
  typeChecks?: boolean;
}

/** Where a runner-up differs from the winner. Lines are document lines once `edit` is applied. */
export interface ConsensusHunk {
  winnerRange: { startLine: number; endLine: number };
  winnerText: string;
  alternatives: { clusterId: string; text: string; providers: string[]; probesPassed: number; probesTotal: number }[];
}

export interface ConsensusInfo {
  clusters: ConsensusCluster[];
  winnerClusterId: string;
  hunks: ConsensusHunk[];
  /** Evidence: the probe inputs and each cluster's output on them (at most 12 inputs, strings capped at 200 chars). */
  probes?: ConsensusProbe[];
  /** Evidence: how many distinct candidates passed each check. */
  checks?: ConsensusChecks;
}

/** One probe input and what each cluster's representative did with it. */
export interface ConsensusProbe {
  /** The arguments, serialised canonically (capped). */
  input: string;
  /** A doc-comment example, an example asserted by a workspace test, or generated from the parameter types. */
  source: 'doc' | 'test' | 'generated';
  /** The example's stated result, serialised (capped), when there was one. */
  expected?: string;
  /** Cluster id → the value returned, or "threw: …", "timeout", "not run" (capped). */
  outputs: Record<string, string>;
  /** Every candidate threw on this input alike: an input the function rejects, not counted against any candidate. */
  rejectedByAll?: boolean;
}

/** Check results over the distinct candidates (normalised-identical answers merged). */
export interface ConsensusChecks {
  candidates: number;
  parsed: number;
  /** Undefined when type checks were not available. */
  typeChecked?: number;
  /** Candidates whose every probe ran without throwing or timing out (0 when not executed). */
  probesClean: number;
  executed: boolean;
}

export interface ExecutionInfo {
  ran: boolean;
  /** Why execution was skipped (untrusted workspace, disabled, not runnable). */
  reason?: string;
  /** Sandbox isolation layers that were active. */
  layers: string[];
  /** Probe inputs each candidate ran on. */
  probes: number;
}

/** Sent by the client when VS Code workspace trust changes (initially: initializationOptions.trusted). */
export interface WorkspaceTrustParams {
  trusted: boolean;
}

export interface ReanchorParams {
  textDocument: { uri: string; version: number };
  result: Pick<GenerateResult, 'code' | 'site' | 'edit'>;
}

/** Either a fresh edit for the current version, or a refusal with the reason. */
export type ReanchorResult =
  | { ok: true; edit: GenerateResult['edit'] }
  | { ok: false; reason: string };

/** Result of the `ServerCommands.generateAt` command (the edit itself goes through workspace/applyEdit). */
export interface GenerateAtResult {
  applied: boolean;
  /** The chosen provider's id, when generation succeeded. */
  providerId?: string;
  recorded?: boolean;
  /** Why nothing was applied (error message, refusal reason or 'cancelled'). */
  reason?: string;
  code?: WeaverErrorCode;
}

export interface ProviderInfo {
  id: string;
  kind: ProviderKind;
  model: string;
  enabled: boolean;
  recorded: boolean;
  /** Where it came from: user settings, local-server detection, or the bundled demo. */
  source: 'settings' | 'detected' | 'demo';
  baseURL?: string;
  /** Whether a key is present (never the key itself). */
  hasKey?: boolean;
}

export interface ServerStatus {
  state: 'starting' | 'ready' | 'busy' | 'error';
  providers: ProviderInfo[];
  message?: string;
}

/** Secrets pushed by the client from SecretStorage; held in server memory only. */
export interface SecretsParams {
  keys: Partial<Record<'openai' | 'anthropic', string>>;
  /**
   * Headers for the OTLP export (e.g. an auth token), from the "WeaverGen: Set OTLP Headers"
   * command. The only source the language server uses: `weavergen.telemetry.otlpHeaders` in
   * settings is ignored with a warning. Absent = unchanged.
   */
  otlpHeaders?: Record<string, string>;
}

export interface GenerateAtCommandArgs {
  uri: string;
  version: number;
  position?: Position;
  range?: Range;
  intent?: string;
}

export const GenerateRequest = new RequestType<GenerateParams, GenerateResult, WeaverErrorData>('weavergen/generate');
export const ReanchorRequest = new RequestType<ReanchorParams, ReanchorResult, WeaverErrorData>('weavergen/reanchor');
export const ListProvidersRequest = new RequestType<void, ProviderInfo[], void>('weavergen/providers');
export const StatusNotification = new NotificationType<ServerStatus>('weavergen/status');
export const SecretsNotification = new NotificationType<SecretsParams>('weavergen/secrets');
export const WorkspaceTrustNotification = new NotificationType<WorkspaceTrustParams>('weavergen/workspaceTrust');

/** Commands executed on the server through `workspace/executeCommand`. */
export const ServerCommands = {
  /** Generate at a site and apply the edit with `workspace/applyEdit` (versioned). */
  generateAt: 'weavergen.server.generateAt',
} as const;

/** Commands contributed by the client (package.json `contributes.commands`). */
export const ClientCommands = {
  generate: 'weavergen.generate',
  setApiKey: 'weavergen.setApiKey',
  setOtlpHeaders: 'weavergen.setOtlpHeaders',
  selectProviders: 'weavergen.selectProviders',
  showOutput: 'weavergen.showOutput',
  runDemo: 'weavergen.runDemo',
  restartServer: 'weavergen.restartServer',
  showConsensusDiff: 'weavergen.showConsensusDiff',
  swapAlternative: 'weavergen.swapAlternative',
} as const;

/** Settings section read through `workspace/configuration`. */
export const CONFIG_SECTION = 'weavergen';

/** Trace evidence requests (weavergen/trace, weavergen/traces). */
export * from './traces';
/** Generated regions and their evidence (weavergen/regionApplied, weavergen/regions). */
export * from './regions';
/** Predictive pre-generation (weavergen/cursor, weavergen/inlineCompletion, weavergen/pregenMetrics...). */
export * from './pregen';
/** Learning from outcomes and the repair loop (weavergen/outcome, weavergen/learning…). */
export * from './learning';
/** Unit tests for exported functions without tests (weavergen.server.generateTests, TestGenResult). */
export * from './testgen';
/** The client's health check of a silent server (weavergen/ping). */
export * from './health';
