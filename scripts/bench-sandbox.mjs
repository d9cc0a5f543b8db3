// Median overhead of one sandboxed run (spawn + isolation layers + harness + cleanup).
// Usage: node scripts/bench-sandbox.mjs [runs=30]
import { tsImport } from 'tsx/esm/api';

const runs = Number(process.argv[2] ?? 30);
const sb = await tsImport('../server/src/sandbox/index.ts', import.meta.url);
const profile = await sb.getIsolation();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(name, once) {
  await once(); // warm-up
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  console.log(`${name.padEnd(34)} median ${median(times).toFixed(1)} ms  (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}, n=${runs})`);
}

console.log(`layers: ${(await sb.runSandboxed({ files: { 'a.js': '' }, entry: 'a.js' })).layers.join(', ')}`);
if (profile.notes.length) console.log(`missing: ${profile.notes.join('; ')}`);
await measure('runSandboxed (empty program)', () => sb.runSandboxed({ files: { 'a.js': '' }, entry: 'a.js' }));
await measure('runProbes (1 input)', () => sb.runProbes({ code: 'function f(a) { return a + 1; }', entryPoint: 'f', inputs: [[1]] }));
await measure('runProbes (50 inputs)', () => sb.runProbes({ code: 'function f(a) { return [a, a * 2]; }', entryPoint: 'f', inputs: Array.from({ length: 50 }, (_, i) => [i]) }));
await measure('runTestProgram (small test)', () => sb.runTestProgram({ program: 'function f(a) { return a + 1; }\nrequire("assert").strictEqual(f(1), 2);' }));
const bare = (await import('node:child_process')).spawnSync;
await measure('plain `node -e 0` (for comparison)', async () => bare(process.execPath, ['-e', '0']));
