/**
 * Entry of the background pipeline worker thread (bundled to dist/backgroundWorker.js): runs
 * whole background jobs — pre-generations (site, prompt, answer extraction, type checks,
 * probe runs, consensus, quality, repair) and pre-generated tests (jobRunners.ts) — so that
 * none of their CPU work or garbage lands on the language server's main thread, which keeps
 * answering the user. Model calls are made here too (workerProviders.ts); the server keeps
 * the spans (forwarded as JSON lines before each job's answer) and starts sandboxed children. Type checks
 * run in this thread (no nested worker); the thread runs at a low CPU priority.
 */
import { installProcessGuard } from '../util/processGuard';
import { parentPort, workerData } from 'node:worker_threads';
import { Telemetry, type ForwardedSpan } from '../telemetry';
import { warmUp } from '../workers/runChecks';
import { runTask } from '../workers/tasks';
import { BACKGROUND_SANDBOX_NICE, BACKGROUND_THREAD_NICE, lowerThisThread } from '../util/priority';
import { setSandboxLauncher } from '../sandbox/spawner/client';
import { RemoteLauncher } from './remoteLauncher';
import { getIsolation } from '../sandbox/isolation';
import { runJob } from './jobRunners';
import type { FromPipeline, ToPipeline } from './protocol';
import { RemoteCalls } from './remoteProviders';
import { WorkerProviders } from './workerProviders';
import { toWire } from './wireError';

const port = parentPort;
if (port) {
  // An unexpected rejection or exception is logged and the thread keeps serving (issue 11, escape 7).
  installProcessGuard(process, { label: 'WeaverGen background worker', log: (m) => { process.stderr.write(`${m}\n`); } });
  // This thread is already off the main thread: its type checks and tasks run here.
  process.env.WEAVERGEN_TYPECHECK_WORKER = '0';
  // On few cores the OS runs the server's main thread first; this thread's sandboxed children a little less so.
  const priority = lowerThisThread(BACKGROUND_THREAD_NICE);
  const post = (m: FromPipeline) => port.postMessage(m);
  // Sandboxed children are started by the server's spawner helper: a fork from here would stall the main thread too.
  const launcher = new RemoteLauncher(post, BACKGROUND_SANDBOX_NICE);
  setSandboxLauncher(launcher);
  let spans: ForwardedSpan[] = [];
  let spanFlush: NodeJS.Immediate | undefined;
  const flushSpans = () => {
    if (spanFlush) clearImmediate(spanFlush);
    spanFlush = undefined;
    if (!spans.length) return;
    post({ type: 'spans', spans });
    spans = [];
  };
  const telemetry = new Telemetry({
    enabled: (workerData as { tracing?: boolean } | undefined)?.tracing !== false,
    forward: (s) => {
      spans.push(s);
      spanFlush ??= setImmediate(flushSpans);
    },
  });
  const calls = new RemoteCalls(post);
  const providers = new WorkerProviders(calls, telemetry);
  const running = new Map<number, AbortController>();

  port.on('message', (m: ToPipeline) => {
    if (m.type === 'job') {
      const controller = new AbortController();
      running.set(m.id, controller);
      const finish = (answer: FromPipeline) => {
        running.delete(m.id);
        telemetry.drain(); // the job's spans reach the server before its answer
        flushSpans();
        post(answer);
      };
      runJob(m, { telemetry, providers }, controller.signal).then(
        (result) => finish({ type: 'result', id: m.id, result }),
        (e: unknown) => finish({ type: 'error', id: m.id, error: toWire(e) }),
      );
    } else if (m.type === 'task') {
      setImmediate(() => {
        try {
          post({ type: 'done', id: m.id, output: runTask(m.task, m.input as never) });
        } catch (e) {
          post({ type: 'error', id: m.id, error: toWire(e) });
        }
      });
    } else if (m.type === 'cancel') running.get(m.id)?.abort();
    else if (m.type === 'completed') calls.completed(m.call, m.result);
    else if (m.type === 'failed') calls.failed(m.call, m.error);
    else if (m.type === 'spawned') launcher.spawned(m.launch, m.pid);
    else if (m.type === 'launched') launcher.launched(m.launch, m.launched);
    else if (m.type === 'warm') {
      post({ type: 'warmed', ms: warmUp(), ...(priority ? { priority } : {}) });
      // Probe the isolation layers now (through the server's helper), not in the first job.
      void getIsolation().catch(() => undefined);
    }
  });
}
