/**
 * The last line of defence of a long-lived process (the language server and its worker
 * threads): an unhandled rejection or an uncaught exception is logged and the process goes
 * on, instead of Node's default of exiting, which took the server down when a hostile model
 * answer made a `.then` callback throw (issue 11, escape 7). Installed by the entry points
 * (main.ts, the worker entries), never at import time of a library module.
 */
import { redactKeyShapes } from './redactKeys';

export interface ProcessGuardOptions {
  /** Who is guarded, as the log names it: "server", "type-check worker", … */
  label: string;
  /** Where the report goes (stderr); key-shaped text is already scrubbed. */
  log: (message: string) => void;
}

/** Longest report logged per error (the stack of a stack overflow can be long). */
const MAX_REPORT_CHARS = 4000;

/** Installs the handlers on `proc` (the process, or a stand-in in tests); the returned function removes them. */
export function installProcessGuard(proc: NodeJS.EventEmitter, opts: ProcessGuardOptions): () => void {
  const handle = (kind: string) => (error: unknown) => {
    try {
      opts.log(redactKeyShapes(`${opts.label}: ${kind} (ignored, still running): ${describeError(error)}`));
    } catch {
      // Nowhere left to report to; staying alive is what matters.
    }
  };
  const onRejection = handle('unhandled promise rejection');
  const onException = handle('uncaught exception');
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  return () => {
    proc.off('unhandledRejection', onRejection);
    proc.off('uncaughtException', onException);
  };
}

/** An error's stack (or its text), cut to a readable length. */
export function describeError(error: unknown): string {
  let text: string;
  try {
    text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  } catch {
    text = Object.prototype.toString.call(error);
  }
  return text.length > MAX_REPORT_CHARS ? `${text.slice(0, MAX_REPORT_CHARS)}…` : text;
}
