/** A background worker that dies on its first job (pipeline.test.ts). */
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (m: { type: string }) => {
  if (m.type === 'job') process.exit(7);
});
