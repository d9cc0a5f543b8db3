/**
 * TEST INFRASTRUCTURE — runs the fake model server out of process (for the
 * end-to-end suite, manual demos, or other tools). Never a product default.
 *
 *   node --import tsx test/support/fakeModelServerCli.ts [--port N] [--latency MS]
 *
 * Prints one JSON line {"url", "openaiBaseURL", "anthropicBaseURL"} to stdout, then
 * serves until SIGTERM/SIGINT. Steer it over HTTP: POST /__control/reply {text, model?},
 * POST /__control/fault {...}, POST /__control/latency {ms}, POST /__control/reset,
 * GET /__control/requests (see fakeModelServer.ts).
 */
import { startFakeModelServer } from './fakeModelServer';

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer`);
  return n;
}

async function main(): Promise<void> {
  const server = await startFakeModelServer({ port: flag('--port'), latencyMs: flag('--latency') });
  process.stdout.write(`${JSON.stringify({ url: server.url, openaiBaseURL: server.openaiBaseURL, anthropicBaseURL: server.anthropicBaseURL })}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`fake model server: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
