/**
 * Where a script the server starts beside itself (a worker, a helper process) lives: the
 * esbuild bundle next to the running bundle (dist/), or, when running from source, the
 * TypeScript file next to this module's caller, loaded through tsx.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ResolvedScript = { file: string; tsx: boolean } | { reason: string };

/** `name` without extension, looked for as `name.js` then `name.ts` in `dir`; `what` names it in reasons. */
export function resolveBundledScript(dir: string, name: string, what: string): ResolvedScript {
  const bundle = path.join(dir, `${name}.js`);
  if (fs.existsSync(bundle)) return { file: bundle, tsx: false };
  const source = path.join(dir, `${name}.ts`);
  if (fs.existsSync(source)) {
    try {
      require.resolve('tsx/cjs');
      return { file: source, tsx: true };
    } catch {
      return { reason: `${what} source ${source} needs tsx, which is not installed` };
    }
  }
  return { reason: `${what} bundle not found at ${bundle} (rebuild with node esbuild.mjs)` };
}
