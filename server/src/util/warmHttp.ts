/**
 * Node loads its HTTP client (undici, behind the global `fetch` the SDKs use) lazily, on the
 * first request: 20-40 ms of compilation on the main thread, which would otherwise land in
 * the middle of the first model call (a background job's, while the user types). Loading it
 * at start-up, before the editor sends anything, moves that cost out of the way. A `data:`
 * URL needs no network.
 */
export function warmHttpClient(): Promise<void> {
  if (typeof fetch !== 'function') return Promise.resolve();
  return fetch('data:text/plain,warm').then((r) => r.text()).then(() => undefined, () => undefined);
}
