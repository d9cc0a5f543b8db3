/**
 * The one place an LSP CancellationToken becomes an AbortSignal. Handlers call
 * `withAbortSignal(token, (signal) => ...)`; the token listener is disposed when the
 * work settles, so nothing leaks across requests.
 */
import type { CancellationToken } from 'vscode-languageserver';

export async function withAbortSignal<T>(
  tokens: CancellationToken | undefined | readonly (CancellationToken | undefined)[],
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const list = (Array.isArray(tokens) ? tokens : [tokens]) as (CancellationToken | undefined)[];
  const listeners = list.map((t) => {
    if (t?.isCancellationRequested) controller.abort();
    return t?.onCancellationRequested(() => controller.abort());
  });
  try {
    return await work(controller.signal);
  } finally {
    for (const l of listeners) l?.dispose();
  }
}

/** A child signal aborted when the parent aborts; `dispose` unhooks it from the parent. */
export function childSignal(parent: AbortSignal): { controller: AbortController; dispose: () => void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort();
    return { controller, dispose: () => undefined };
  }
  const onAbort = () => controller.abort();
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => parent.removeEventListener('abort', onAbort) };
}
