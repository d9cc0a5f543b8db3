/**
 * Entry of the background pipeline worker thread (bundled to dist/backgroundWorker.js): runs
 * whole background pre-generations — site, prompt, answer extraction, type checks, probe
 * runs, consensus, quality, repair — so that none of their CPU work or garbage lands on the
 * language server's main thread, which keeps answering the user. The server keeps the
 * providers (model calls come back to it, RemoteCalls) and the spans (forwarded as JSON
 * lines before each job's answer). Type checks run in this thread (no nested worker).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { GenerationService } from '../generation/service';
import { fsWorkspaceTests } from '../orchestra/workspaceTests';
import { instrumentProvider, Telemetry, type ForwardedSpan } from '../telemetry';
import { warmUp } from '../workers/runChecks';
import type { FromPipeline, PipelineJob, ToPipeline } from './protocol';
import { RemoteCalls } from './remoteProviders';
import { toWire } from './wireError';
import { BACKGROUND_SANDBOX_NICE, BACKGROUND_THREAD_NICE, lowerThisThread } from '../util/priority';
import { setSandboxSpawnerDefaults } from '../sandbox/spawner/client';

const port = parentPort;
if (port) {
  // This thread is already off the main thread: its type checks and tasks run here.
  process.env.WEAVERGEN_TYPECHECK_WORKER = '0';
  // On few cores the OS runs the server's main thread first; this thread's sandboxed children a little less so.
  const priority = lowerThisThread(BACKGROUND_THREAD_NICE);
  setSandboxSpawnerDefaults({ nice: BACKGROUND_SANDBOX_NICE });
  const post = (m: FromPipeline) => port.postMessage(m);
  let spans: ForwardedSpan[] = [];
  let spanFlush: NodeJS.Immediate | undefined;
  const flushSpans = () => {
    if (spanFlush) clearImmediate(spanFlush);
    spanFlush = undefined;
    if (!spans.length) return;
    post({ type: 'spans', spans });
    spans = [];
  };
  const tracing = (workerData as { tracing?: boolean } | undefined)?.tracing !== false;
  const telemetry = new Telemetry({
    enabled: tracing,
    forward: (s) => {
      spans.push(s);
      spanFlush ??= setImmediate(flushSpans);
    },
  });
  const calls = new RemoteCalls(post);
  const running = new Map<number, AbortController>();

  const run = (job: PipelineJob): void => {
    const controller = new AbortController();
    running.set(job.id, controller);
    if (job.settings.telemetry) telemetry.configure(job.settings.telemetry);
    const providers = job.providers.map((info) => instrumentProvider(calls.provider(info, job.id), telemetry));
    const service = new GenerationService({
      settings: () => job.settings,
      current: async () => ({ providers, infos: [], notes: job.notes }),
    }, Date.now, {
      trusted: () => job.trusted,
      telemetry,
      learning: {
        weights: (ids, _file, kind) => pick(job.weights?.[kind as keyof typeof job.weights], ids),
        observe: () => undefined, // the server records the result when it arrives
      },
      workspaceTests: fsWorkspaceTests(() => job.openTests),
    });
    const doc = TextDocument.create(job.doc.uri, job.doc.languageId, job.doc.version, job.doc.text);
    const parent = job.parent ? telemetry.remoteParent(job.parent.traceId, job.parent.spanId) : undefined;
    const opts = { ...(parent ? { parent } : {}), ...(job.cacheLookup ? { cacheLookup: job.cacheLookup } : {}) };
    const finish = (m: FromPipeline) => {
      running.delete(job.id);
      telemetry.drain(); // the job's spans reach the server before its answer
      flushSpans();
      post(m);
    };
    service.generate(doc, job.params, controller.signal, opts).then(
      (result) => finish({ type: 'result', id: job.id, result }),
      (e: unknown) => finish({ type: 'error', id: job.id, error: toWire(e) }),
    );
  };

  port.on('message', (m: ToPipeline) => {
    if (m.type === 'generate') run(m);
    else if (m.type === 'cancel') running.get(m.id)?.abort();
    else if (m.type === 'completed') calls.completed(m.call, m.result);
    else if (m.type === 'failed') calls.failed(m.call, m.error);
    else if (m.type === 'warm') post({ type: 'warmed', ms: warmUp(), ...(priority ? { priority } : {}) });
  });
}

function pick(table: Record<string, number> | undefined, ids: string[]): Record<string, number> | undefined {
  if (!table) return undefined;
  return Object.fromEntries(ids.filter((id) => id in table).map((id) => [id, table[id]]));
}
