/**
 * Server side of the background pipeline worker (backgroundWorker.ts): `generate` has
 * GenerationService.generate's signature and result, but the generation runs in the worker
 * thread, so background pre-generation never holds the language server's main thread (nor
 * fills its heap) while the user types. The worker makes the same providers from their
 * configuration and key (providers/registry.ts providerSpec) and calls the models itself;
 * a provider the registry did not make is called here for the worker. The server stores the
 * spans the worker forwards, and starts its sandboxed children (remoteLauncher.ts).
 *
 * - The worker is started lazily, kept between jobs and unref'd while idle.
 * - Cancellation: an aborted job rejects at once (cancelledError); the worker is told, and
 *   the job's HTTP requests are aborted here.
 * - Without a worker bundle, with WEAVERGEN_BACKGROUND_WORKER=0, or after `maxCrashes`
 *   crashes, jobs run in-process (`fallback`, the server's own GenerationService) and
 *   `reason` says why. A crash fails the jobs it was running (a later refresh retries them).
 */
import type { Worker } from 'node:worker_threads';
import { startScriptWorker, WarmUps } from '../workers/scriptWorker';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { GenerateParams, GenerateResult, SiteKind } from '../protocol';
import type { ModelProvider } from '../providers/types';
import { providerSpec } from '../providers/registry';
import { toProviderError } from '../providers/errors';
import { fileNameOf, type GenerateOptions, type GenerationLearning } from '../generation/service';
import type { ProviderSource } from '../generation/providerSet';
import { looksLikeTestFile, type OpenDocument } from '../orchestra/workspaceTests';
import { traceIdOf, uninstrumented, type Telemetry, type TraceSpan } from '../telemetry';
import { cancelledError, WeaverError } from '../util/errors';
import { resolveBundledScript, type ResolvedScript } from '../util/bundledScript';
import { timedStage } from '../util/mainThreadStage';
import type { FromPipeline, GenerateJob, JobContext, JobResult, PipelineJob, ToPipeline } from './protocol';
import type { TestGenResult } from '../protocol/testgen';
import type { TestGenRequest } from '../testgen/service';
import type { TestTarget } from '../testgen/resolve';
import { fromWire, toWire } from './wireError';
import { LaunchRelay } from './launchRelay';
import type { TaskInput, TaskName, TaskOutput } from '../workers/tasks';

export type Generate = (doc: TextDocument, params: GenerateParams, signal: AbortSignal, opts?: GenerateOptions) => Promise<GenerateResult>;

export interface PipelineDeps {
  source: ProviderSource;
  telemetry: Telemetry;
  learning?: GenerationLearning;
  trusted(): boolean;
  /** The editor's open documents (test-looking ones are handed to the worker). */
  openDocuments(): OpenDocument[];
  /** The same generation in-process, when there is no worker. */
  fallback: Generate;
  /** Worker script (.js, or .ts through tsx); default: next to this module. */
  workerFile?: string;
  /** Run in-process; the string is the reason reported. */
  inProcess?: string;
  /** Crashes tolerated before staying in-process (default 3). */
  maxCrashes?: number;
  log?: (message: string) => void;
}

interface RunningJob {
  resolve(r: unknown): void;
  reject(e: unknown): void;
  providers: Map<string, ModelProvider>;
  calls: Map<number, AbortController>;
  cleanup(): void;
}

const SITE_KINDS: Record<SiteKind, true> = {
  'intent-comment': true, 'todo-comment': true, 'empty-body': true, 'stub-body': true, selection: true,
  'missing-member': true, 'missing-function': true,
};

export class BackgroundPipeline {
  private worker: Worker | undefined;
  private readonly jobs = new Map<number, RunningJob>();
  /** The current worker's sandboxed children (killed if it goes away); one relay per worker. */
  private launches: LaunchRelay | undefined;
  private nextId = 1;
  private crashes = 0;
  private fixedReason: string | undefined;
  private readonly target: ResolvedScript;
  private readonly warmUps = new WarmUps();

  constructor(private readonly deps: PipelineDeps) {
    this.fixedReason = deps.inProcess;
    this.target = deps.workerFile
      ? { file: deps.workerFile, tsx: /\.ts$/.test(deps.workerFile) }
      : resolveBundledScript(__dirname, 'backgroundWorker', 'background worker');
  }

  get mode(): 'worker' | 'in-process' {
    return this.reason === undefined ? 'worker' : 'in-process';
  }

  get reason(): string | undefined {
    return this.fixedReason ?? ('reason' in this.target ? this.target.reason : undefined);
  }

  /** GenerationService.generate, run in the worker thread. */
  async generate(doc: TextDocument, params: GenerateParams, signal: AbortSignal, opts: GenerateOptions = {}): Promise<GenerateResult> {
    if (signal.aborted) throw cancelledError();
    if (!this.ensureWorker()) return this.deps.fallback(doc, params, signal, opts);
    const file = fileNameOf(doc.uri);
    const result = await this.submit<GenerateResult>(signal, opts.parent, (context, ids) => ({
      ...context, kind: 'generate',
      doc: { uri: doc.uri, languageId: doc.languageId, version: doc.version, text: doc.getText() },
      params,
      weights: this.weights(ids, file),
      openTests: this.deps.openDocuments().filter((d) => looksLikeTestFile(d.uri)),
      ...(opts.cacheLookup ? { cacheLookup: opts.cacheLookup } : {}),
    }));
    timedStage('background.observe', () => this.deps.learning?.observe(result, file));
    return result;
  }

  /**
   * TestGenService.generate for a resolved target, run in the worker thread; its spans join
   * the span current here (the background job's). `inProcess` runs it here when there is no worker.
   */
  generateTests(req: TestGenRequest, signal: AbortSignal, target: TestTarget, inProcess: () => Promise<TestGenResult>): Promise<TestGenResult> {
    if (signal.aborted) return Promise.reject(cancelledError());
    if (!this.ensureWorker()) return inProcess();
    return this.submit<TestGenResult>(signal, this.deps.telemetry.current(), (context) => ({ ...context, kind: 'tests', req, target }));
  }

  /**
   * A pure step of workers/tasks.ts run in this worker (at its low priority): background-only
   * CPU work such as a refresh's site prediction. Undefined when there is no worker: the caller
   * runs the step its own way.
   */
  task<K extends TaskName>(name: K, input: TaskInput<K>, signal?: AbortSignal): Promise<TaskOutput<K>> | undefined {
    if (!this.ensureWorker()) return undefined;
    // A task runs synchronously in the worker: an abort just stops waiting for it.
    return this.await<TaskOutput<K>>({ type: 'task', id: this.nextId++, task: name, input }, signal, new Map());
  }

  /** Snapshot the providers and settings, send the job, answer its model calls until it ends. */
  private async submit<R extends JobResult>(
    signal: AbortSignal, parent: TraceSpan | undefined, make: (context: JobContext, providerIds: string[]) => PipelineJob,
  ): Promise<R> {
    const resolved = await this.deps.source.current();
    if (signal.aborted) throw cancelledError();
    if (!this.ensureWorker()) throw new WeaverError('bad_response', `the background worker is gone: ${this.reason}`);
    const id = this.nextId++;
    const context: JobContext = {
      id,
      settings: this.deps.source.settings(),
      trusted: this.deps.trusted(),
      providers: resolved.providers.map((p) => {
        const spec = providerSpec(uninstrumented(p));
        return { id: p.id, kind: p.kind, model: p.model, recorded: p.recorded, ...(spec ? { spec } : {}) };
      }),
      notes: resolved.notes,
      ...(parent && traceIdOf(parent) ? { parent: { traceId: parent.traceId, spanId: parent.spanId } } : {}),
    };
    const job = make(context, resolved.providers.map((p) => p.id));
    return this.await<R>({ type: 'job', ...job }, signal, new Map(resolved.providers.map((p) => [p.id, uninstrumented(p)])), true);
  }

  /**
   * Sends `m` and waits for its answer (`result`, `done` or `error` with its id). An abort
   * rejects at once with cancelledError (telling the worker to stop it when `cancellable`).
   */
  private await<R>(m: Extract<ToPipeline, { type: 'job' | 'task' }>, signal: AbortSignal | undefined, providers: Map<string, ModelProvider>, cancellable = false): Promise<R> {
    const { id } = m;
    if (signal?.aborted) return Promise.reject(cancelledError());
    return new Promise<R>((resolve, reject) => {
      const onAbort = () => {
        if (!this.settle(id)) return;
        if (cancellable) this.post({ type: 'cancel', id });
        reject(cancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.jobs.set(id, {
        resolve: resolve as (r: unknown) => void, reject, providers, calls: new Map(),
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      this.worker?.ref();
      this.post(m);
    });
  }

  /** Prepares the worker's type checker (parses the TypeScript lib there), without keeping the process alive. */
  warmUp(): Promise<number | undefined> {
    return this.warmUps.request(this.ensureWorker(), () => this.post({ type: 'warm' }));
  }

  async dispose(): Promise<void> {
    this.fixedReason ??= 'disposed';
    this.launches?.abortAll();
    for (const id of [...this.jobs.keys()]) this.settle(id)?.reject(cancelledError());
    this.warmUps.flush();
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private weights(ids: string[], file: string): GenerateJob['weights'] {
    const learning = this.deps.learning;
    if (!learning) return undefined;
    const out: NonNullable<GenerateJob['weights']> = {};
    for (const kind of Object.keys(SITE_KINDS) as SiteKind[]) {
      const w = learning.weights(ids, file, kind);
      if (w) out[kind] = w;
    }
    return out;
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    if (this.reason !== undefined || !('file' in this.target)) return undefined;
    const w = startScriptWorker<FromPipeline>(this.target, {
      name: 'background worker', workerData: { tracing: this.deps.telemetry.enabled },
      onMessage: (m) => this.onMessage(m), onGone: (gone, message) => this.onCrash(gone, message),
    });
    this.worker = w;
    this.launches = new LaunchRelay((m) => w.postMessage(m), () => this.worker === w);
    return w;
  }

  private post(m: ToPipeline): void {
    this.worker?.postMessage(m);
  }

  private onMessage(m: FromPipeline): void {
    timedStage(`background.${m.type}`, () => this.handle(m));
  }

  private handle(m: FromPipeline): void {
    switch (m.type) {
      case 'complete': return this.call(m.job, m.call, m.providerId, m.request);
      case 'abort':
        for (const job of this.jobs.values()) job.calls.get(m.call)?.abort();
        return;
      case 'spans': return this.deps.telemetry.ingest(m.spans);
      case 'launch': return this.launches?.launch(m.launch, m.spec);
      case 'kill': return this.launches?.kill(m.launch);
      case 'warmed':
        if (m.priority) this.deps.log?.(`background worker: could not lower its CPU priority: ${m.priority}`);
        return this.warmUps.answered(m.ms);
      case 'result': return this.settle(m.id)?.resolve(m.result);
      case 'done': return this.settle(m.id)?.resolve(m.output);
      case 'error': return this.settle(m.id)?.reject(fromWire(m.error));
    }
  }

  /** A model call of job `jobId` (a provider the worker cannot make), made here with the server's own provider. */
  private call(jobId: number, call: number, providerId: string, request: Extract<FromPipeline, { type: 'complete' }>['request']): void {
    const job = this.jobs.get(jobId);
    const provider = job?.providers.get(providerId);
    if (!job || !provider) {
      this.post({ type: 'failed', call, error: toWire(toProviderError(cancelledError(), providerId)) });
      return;
    }
    const controller = new AbortController();
    job.calls.set(call, controller);
    provider.complete({ ...request, signal: controller.signal }).then(
      (result) => this.post({ type: 'completed', call, result }),
      (e: unknown) => this.post({ type: 'failed', call, error: toWire(toProviderError(e, providerId)) }),
    ).finally(() => job.calls.delete(call));
  }

  /** Removes a job: its model calls are aborted; the worker is unref'd when nothing waits on it. */
  private settle(id: number): RunningJob | undefined {
    const j = this.jobs.get(id);
    if (!j) return undefined;
    this.jobs.delete(id);
    j.cleanup();
    for (const c of j.calls.values()) c.abort();
    if (!this.jobs.size) this.worker?.unref();
    return j;
  }

  private onCrash(w: Worker, message: string): void {
    if (this.worker !== w) return; // handled already (error is followed by exit), or disposed
    this.worker = undefined;
    this.crashes++;
    this.deps.log?.(message);
    if (this.crashes >= (this.deps.maxCrashes ?? 3)) this.fixedReason = `${message} (${this.crashes} times; background jobs now run in-process)`;
    this.warmUps.flush();
    this.launches?.abortAll();
    for (const id of [...this.jobs.keys()]) this.settle(id)?.reject(new WeaverError('bad_response', `${message}; the job will be retried`));
  }
}
