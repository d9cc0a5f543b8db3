/**
 * Worker side: a background job's pipeline, built from the job's snapshot — the real
 * GenerationService or TestGenService over the job's providers (workerProviders.ts), with
 * this thread's telemetry, the job's trust and settings, and the
 * files read from disk (open test documents come with the job).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { GenerationService } from '../generation/service';
import type { ProviderSource } from '../generation/providerSet';
import { fsWorkspaceTests } from '../orchestra/workspaceTests';
import type { Telemetry } from '../telemetry';
import { TestGenService } from '../testgen/service';
import type { GenerateJob, JobContext, JobResult, PipelineJob, TestsJob } from './protocol';
import type { WorkerProviders } from './workerProviders';

export interface RunnerEnv {
  telemetry: Telemetry;
  providers: WorkerProviders;
}

export function runJob(job: PipelineJob, env: RunnerEnv, signal: AbortSignal): Promise<JobResult> {
  if (job.settings.telemetry) env.telemetry.configure(job.settings.telemetry);
  return job.kind === 'generate' ? runGenerate(job, env, signal) : runTests(job, env, signal);
}

function sourceOf(job: JobContext, env: RunnerEnv): ProviderSource {
  const providers = env.providers.forJob(job.providers, job.id);
  return { settings: () => job.settings, current: async () => ({ providers, infos: [], notes: job.notes }) };
}

function parentOf(job: JobContext, env: RunnerEnv) {
  return job.parent ? env.telemetry.remoteParent(job.parent.traceId, job.parent.spanId) : undefined;
}

function runGenerate(job: GenerateJob, env: RunnerEnv, signal: AbortSignal): Promise<JobResult> {
  const service = new GenerationService(sourceOf(job, env), Date.now, {
    trusted: () => job.trusted,
    telemetry: env.telemetry,
    learning: {
      weights: (ids, _file, kind) => pick(job.weights?.[kind as keyof typeof job.weights], ids),
      observe: () => undefined, // the server records the result when it arrives
    },
    workspaceTests: fsWorkspaceTests(() => job.openTests),
  });
  const doc = TextDocument.create(job.doc.uri, job.doc.languageId, job.doc.version, job.doc.text);
  const parent = parentOf(job, env);
  return service.generate(doc, job.params, signal, { ...(parent ? { parent } : {}), ...(job.cacheLookup ? { cacheLookup: job.cacheLookup } : {}) });
}

function runTests(job: TestsJob, env: RunnerEnv, signal: AbortSignal): Promise<JobResult> {
  const disk = fsWorkspaceTests(() => []);
  const service = new TestGenService({
    source: sourceOf(job, env),
    trusted: () => job.trusted,
    telemetry: env.telemetry,
    // The target (and its test file's text) was resolved on the server; nothing is looked up again here.
    files: { openDocument: () => undefined, readFile: (p, max) => disk.readFile(p, max) },
  });
  const parent = parentOf(job, env);
  const run = () => service.generate(job.req, signal, job.target);
  return parent ? env.telemetry.within(parent, run) : run();
}

function pick(table: Record<string, number> | undefined, ids: string[]): Record<string, number> | undefined {
  if (!table) return undefined;
  return Object.fromEntries(ids.filter((id) => id in table).map((id) => [id, table[id]]));
}
