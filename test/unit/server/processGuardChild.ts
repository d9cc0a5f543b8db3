/** Child process for processGuard.test.ts: with the guard installed, a rejection and a throw are survived. */
import { installProcessGuard } from '../../../server/src/util/processGuard';

installProcessGuard(process, { label: 'guarded child', log: (m) => { process.stderr.write(`${m}\n`); } });
void Promise.reject(new RangeError('Maximum call stack size exceeded (sk-abcdefghijklmnop)'));
setImmediate(() => { throw new Error('thrown from a callback'); });
setTimeout(() => { process.stdout.write('still alive\n'); }, 50);
