/**
 * Server side of the background pipeline worker (backgroundWorker.ts): `generate` has
 * GenerationService.generate's signature and result, but the generation runs in the worker
 * thread, so background pre-generation never holds the language server's main thread (nor
 * fills its heap) while the user types. The server answers the worker's model calls with
 * its own providers (keys and HTTP stay here; the worker records their spans) and stores
 * the spans the worker forwards in its telemetry.
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
import { toProviderError } from '../providers/errors';
import { fileNameOf, type GenerateOptions, type GenerationLearning } from '../generation/service';
import type { ProviderSource } from '../generation/providerSet';
import { looksLikeTestFile, type OpenDocument } from '../orchestra/workspaceTests';
import { traceIdOf, uninstrumented, type Telemetry } from '../telemetry';
import { cancelledError, WeaverError } from '../util/errors';
import { resolveBundledScript, type ResolvedScript } from '../util/bundledScript';
import { markStage } from '../util/mainThreadStage';
import type { FromPipeline, PipelineJob, ToPipeline } from './protocol';
import { fromWire, toWire } from './wireError';

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
  resolve(r: GenerateResult): void;
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
  private readonly callJob = new Map<number, number>();
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
    const worker = this.ensureWorker();
    if (!worker) return this.deps.fallback(doc, params, signal, opts);
    const resolved = await this.deps.source.current();
    if (signal.aborted) throw cancelledError();
    const id = this.nextId++;
    const file = fileNameOf(doc.uri);
    const ids = resolved.providers.map((p) => p.id);
    const job: PipelineJob = {
      id,
      doc: { uri: doc.uri, languageId: doc.languageId, version: doc.version, text: doc.getText() },
      params,
      settings: this.deps.source.settings(),
      trusted: this.deps.trusted(),
      providers: resolved.providers.map((p) => ({ id: p.id, kind: p.kind, model: p.model, recorded: p.recorded })),
      notes: resolved.notes,
      weights: this.weights(ids, file),
      openTests: this.deps.openDocuments().filter((d) => looksLikeTestFile(d.uri)),
      ...(opts.parent && traceIdOf(opts.parent) ? { parent: { traceId: opts.parent.traceId, spanId: opts.parent.spanId } } : {}),
      ...(opts.cacheLookup ? { cacheLookup: opts.cacheLookup } : {}),
    };
    const result = await new Promise<GenerateResult>((resolve, reject) => {
      const onAbort = () => {
        const j = this.settle(id);
        if (!j) return;
        this.post({ type: 'cancel', id });
        reject(cancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.jobs.set(id, {
        resolve, reject, calls: new Map(),
        providers: new Map(resolved.providers.map((p) => [p.id, uninstrumented(p)])),
        cleanup: () => signal.removeEventListener('abort', onAbort),
      });
      worker.ref();
      this.post({ type: 'generate', ...job });
    });
    this.deps.learning?.observe(result, file);
    return result;
  }

  /** Prepares the worker's type checker (parses the TypeScript lib there), without keeping the process alive. */
  warmUp(): Promise<number | undefined> {
    return this.warmUps.request(this.ensureWorker(), () => this.post({ type: 'warm' }));
  }

  async dispose(): Promise<void> {
    this.fixedReason ??= 'disposed';
    for (const id of [...this.jobs.keys()]) this.settle(id)?.reject(cancelledError());
    this.warmUps.flush();
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private weights(ids: string[], file: string): PipelineJob['weights'] {
    const learning = this.deps.learning;
    if (!learning) return undefined;
    const out: NonNullable<PipelineJob['weights']> = {};
    for (const kind of Object.keys(SITE_KINDS) as SiteKind[]) {
      const w = learning.weights(ids, file, kind);
      if (w) out[kind] = w;
    }
    return out;
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    if (this.reason !== undefined || !('file' in this.target)) return undefined;
    const w = startScriptWorker(this.target, { tracing: this.deps.telemetry.enabled });
    w.on('message', (m: FromPipeline) => this.onMessage(m));
    w.on('error', (e) => this.onCrash(w, `background worker failed: ${e instanceof Error ? e.message : String(e)}`));
    w.on('exit', (code) => this.onCrash(w, `background worker exited with code ${code}`));
    this.worker = w;
    return w;
  }

  private post(m: ToPipeline): void {
    this.worker?.postMessage(m);
  }

  private onMessage(m: FromPipeline): void {
    markStage(`background.${m.type}`);
    switch (m.type) {
      case 'complete': return this.call(m.job, m.call, m.providerId, m.request);
      case 'abort': {
        const job = this.jobs.get(this.callJob.get(m.call) ?? -1);
        job?.calls.get(m.call)?.abort();
        return;
      }
      case 'spans': return this.deps.telemetry.ingest(m.spans);
      case 'warmed': return this.warmUps.answered(m.ms);
      case 'result': return this.settle(m.id)?.resolve(m.result);
      case 'error': return this.settle(m.id)?.reject(fromWire(m.error));
    }
  }

  /** A model call of job `jobId`, made here with the server's own provider. */
  private call(jobId: number, call: number, providerId: string, request: Extract<FromPipeline, { type: 'complete' }>['request']): void {
    const job = this.jobs.get(jobId);
    const provider = job?.providers.get(providerId);
    if (!job || !provider) {
      this.post({ type: 'failed', call, error: toWire(toProviderError(cancelledError(), providerId)) });
      return;
    }
    const controller = new AbortController();
    job.calls.set(call, controller);
    this.callJob.set(call, jobId);
    provider.complete({ ...request, signal: controller.signal }).then(
      (result) => this.post({ type: 'completed', call, result }),
      (e: unknown) => this.post({ type: 'failed', call, error: toWire(toProviderError(e, providerId)) }),
    ).finally(() => {
      job.calls.delete(call);
      this.callJob.delete(call);
    });
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
    for (const id of [...this.jobs.keys()]) this.settle(id)?.reject(new WeaverError('bad_response', `${message}; the job will be retried`));
  }
}
