/**
 * `weavergen bench repair|learn|predict [args]`: runs the benchmark scripts (scripts/bench-*.mjs,
 * which import the TypeScript sources through tsx) in a child process, so the CLI and
 * `npm run bench:repair|learn` run the same code. Only in a source checkout: the scripts
 * and the dev tasks are not shipped in the extension package.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const BENCH_SCRIPTS = ['repair', 'learn', 'predict'] as const;

/** Exit code of the script, or undefined when `argv` is not one of these bench commands. */
export function runBenchScript(argv: string[], root = path.resolve(__dirname, '..')): Promise<number> | undefined {
  const [command, name, ...rest] = argv;
  if (command !== 'bench' || !(BENCH_SCRIPTS as readonly string[]).includes(name)) return undefined;
  const script = path.join(root, 'scripts', `bench-${name}.mjs`);
  if (!existsSync(script)) {
    process.stderr.write(`weavergen: bench ${name} needs a source checkout (missing ${script}); run "npm run bench:${name}" there.\n`);
    return Promise.resolve(2);
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...rest], { cwd: root, stdio: 'inherit' });
    child.on('error', (e) => {
      process.stderr.write(`weavergen: could not start bench ${name}: ${e.message}\n`);
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
