/**
 * Entry of the type-check worker thread (bundled to dist/typecheckWorker.js): the language
 * server's TypeScript-heavy CPU work on candidates (type checks; making them runnable, a TS
 * parse + transpile each; the pure steps of tasks.ts by name). Runs one job at a time, in arrival order; a cancel drops a queued
 * job or stops a running one at the next candidate. The TypeScript lib files stay parsed in
 * this thread between jobs.
 */
import { installProcessGuard } from '../util/processGuard';
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './protocol';
import { runChecks, runRunnables, warmUp } from './runChecks';
import { runTask } from './tasks';

const port = parentPort;
if (port) {
  // An unexpected rejection or exception is logged and the thread keeps serving (issue 11, escape 7).
  installProcessGuard(process, { label: 'WeaverGen type-check worker', log: (m) => { process.stderr.write(`${m}\n`); } });
  const queue: Extract<ToWorker, { type: 'check' | 'runnable' | 'task' }>[] = [];
  const cancelled = new Set<number>();
  let running: number | undefined;
  let busy = false;
  const send = (m: FromWorker) => port.postMessage(m);

  const pump = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const { id } = job;
        running = id;
        try {
          const stopped = () => cancelled.has(id);
          if (job.type === 'task') {
            const output = runTask(job.task, job.input as never);
            send(stopped() ? { type: 'cancelled', id } : { type: 'done', id, output });
          } else if (job.type === 'runnable') {
            const runnables = await runRunnables(job, stopped);
            if (stopped() || !runnables) send({ type: 'cancelled', id });
            else send({ type: 'runnables', id, runnables });
          } else {
            const verdicts = await runChecks(job, stopped);
            if (stopped() || !verdicts) send({ type: 'cancelled', id });
            else send({ type: 'result', id, verdicts });
          }
        } catch (e) {
          send({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
        } finally {
          running = undefined;
          cancelled.delete(id);
        }
      }
    } finally {
      busy = false;
    }
  };

  port.on('message', (m: ToWorker) => {
    if (m.type === 'warm') send({ type: 'warmed', ms: warmUp() });

    else if (m.type === 'cancel') {
      const at = queue.findIndex((j) => j.id === m.id);
      if (at >= 0) {
        queue.splice(at, 1);
        send({ type: 'cancelled', id: m.id });
      } else if (running === m.id) cancelled.add(m.id);
    }
    else {
      queue.push(m);
      void pump();
    }
  });
}
