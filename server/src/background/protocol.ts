/**
 * Messages between the language server (pipeline.ts) and the background pipeline worker
 * (backgroundWorker.ts). The worker runs whole background generations; the server keeps
 * the providers (keys, budgets, HTTP) and answers the worker's model calls, and keeps the
 * spans the worker records. Everything here is plain data (structured clone).
 */
import type { GenerateParams, GenerateResult, ProviderKind, SiteKind } from '../protocol';
import type { TestGenResult } from '../protocol/testgen';
import type { TestGenRequest } from '../testgen/service';
import type { TestTarget } from '../testgen/resolve';
import type { WeaverSettings } from '../protocol/settings';
import type { CompletionRequest, CompletionResult } from '../providers/types';
import type { ProviderSpec } from '../providers/registry';
import type { OpenDocument } from '../orchestra/workspaceTests';
import type { Attrs, ForwardedSpan } from '../telemetry';
import type { WireError } from './wireError';
import type { TaskName } from '../workers/tasks';
import type { ChildSpec } from '../sandbox/lifecycle';
import type { Launched } from '../sandbox/launch';

/**
 * A provider as the worker sees it. With `spec` (configuration and key, as the server made it)
 * the worker makes the same provider and calls the model itself; without, its calls come back
 * to the server (a provider the registry did not make).
 */
export interface RemoteProviderInfo {
  id: string;
  kind: ProviderKind;
  model: string;
  recorded: boolean;
  spec?: ProviderSpec;
}

/** What every background job reads from the server, as a snapshot taken when it starts. */
export interface JobContext {
  id: number;
  settings: WeaverSettings;
  /** Workspace trust at the start of the job (execution never happens in an untrusted workspace). */
  trusted: boolean;
  providers: RemoteProviderInfo[];
  /** Why providers are missing, for the 'no provider' error. */
  notes: string[];
  /** The job's span on the server: the job's spans join its trace. */
  parent?: { traceId: string; spanId: string };
}

/** A background generation (GenerationService.generate). */
export interface GenerateJob extends JobContext {
  kind: 'generate';
  doc: { uri: string; languageId: string; version: number; text: string };
  params: GenerateParams;
  /** Learned provider weights per site kind (the site is only found in the worker). */
  weights?: Partial<Record<SiteKind, Record<string, number>>>;
  cacheLookup?: Attrs;
  /** Open documents that look like tests (orchestra/workspaceTests.ts reads the rest from disk). */
  openTests: OpenDocument[];
}

/** Background tests for a resolved function (TestGenService.generate). */
export interface TestsJob extends JobContext {
  kind: 'tests';
  req: TestGenRequest;
  target: TestTarget;
}

export type PipelineJob = GenerateJob | TestsJob;
export type JobResult = GenerateResult | TestGenResult;

/** A model call as it crosses: no signal (cancelled with `abort`), no streaming callback. */
export type WireRequest = Omit<CompletionRequest, 'signal' | 'onDelta'>;

export type ToPipeline =
  | ({ type: 'job' } & PipelineJob)
  | { type: 'cancel'; id: number }
  /** A pure step of workers/tasks.ts by name (background work only: site prediction of a refresh). */
  | { type: 'task'; id: number; task: TaskName; input: unknown }
  | { type: 'completed'; call: number; result: CompletionResult }
  | { type: 'failed'; call: number; error: WireError }
  | { type: 'warm' }
  /** A sandboxed child the server started for the worker: its pid once spawned, then its end. */
  | { type: 'spawned'; launch: number; pid: number }
  | { type: 'launched'; launch: number; launched: Launched };

export type FromPipeline =
  | { type: 'complete'; call: number; job: number; providerId: string; request: WireRequest }
  | { type: 'abort'; call: number }
  /** Start a sandboxed child with the server's spawner helper (a fork in the worker would stall the whole process). */
  | { type: 'launch'; launch: number; spec: ChildSpec }
  | { type: 'kill'; launch: number }
  | { type: 'spans'; spans: ForwardedSpan[] }
  | { type: 'result'; id: number; result: JobResult }
  | { type: 'done'; id: number; output: unknown }
  | { type: 'error'; id: number; error: WireError }
  /** `priority`: why the thread's priority could not be lowered, if it could not. */
  | { type: 'warmed'; ms: number; priority?: string };
