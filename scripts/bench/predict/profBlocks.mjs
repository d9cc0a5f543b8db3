#!/usr/bin/env node
/**
 * Long main-thread blocks in a V8 .cpuprofile (from `npm run bench:predict -- --cpu-prof`):
 * a block is a run of consecutive non-idle samples; for each block >= the threshold this
 * prints its length and the functions most present in it (inclusive samples), then the
 * functions most present across all long blocks. Usage: node profBlocks.mjs FILE|DIR [minMs]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function longBlocks(profile, minMs = 10) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) => {
    const f = n.callFrame;
    return `${f.functionName || '(anon)'} ${f.url ? path.basename(f.url) : ''}:${f.lineNumber + 1}`;
  };
  const blocks = [];
  let cur;
  const close = () => {
    if (cur && cur.ms >= minMs) blocks.push(cur);
    cur = undefined;
  };
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // the time until the next sample
    if (node.callFrame.functionName === '(idle)') { close(); continue; }
    cur ??= { ms: 0, samples: [] };
    cur.ms += dt;
    cur.samples.push(node.id);
  }
  close();
  for (const b of blocks) {
    const incl = new Map();
    const self = new Map();
    for (const id of b.samples) {
      const seen = new Set();
      self.set(name(byId.get(id)), (self.get(name(byId.get(id))) ?? 0) + 1);
      for (let x = id; x !== undefined; x = parent.get(x)) {
        const n = byId.get(x);
        const k = name(n);
        if (seen.has(k) || n.callFrame.functionName === '(root)') continue;
        seen.add(k);
        incl.set(k, (incl.get(k) ?? 0) + 1);
      }
    }
    b.inclusive = [...incl.entries()].sort((a, c) => c[1] - a[1]);
    b.dominant = dominantPath(b.samples, byId, parent).map((id) => name(byId.get(id)));
    b.self = [...self.entries()].sort((a, c) => c[1] - a[1]);
  }
  return blocks.sort((a, c) => c.ms - a.ms);
}

/** From the root down, the frames that hold at least half of the block's samples (the last is the most specific). */
function dominantPath(samples, byId, parent) {
  const count = new Map();
  for (const id of samples) for (let x = id; x !== undefined; x = parent.get(x)) count.set(x, (count.get(x) ?? 0) + 1);
  const half = samples.length / 2;
  const path = [];
  let node = [...count.keys()].find((id) => !parent.has(id));
  while (node !== undefined) {
    const next = (byId.get(node).children ?? []).filter((c) => (count.get(c) ?? 0) >= half).sort((x, y) => count.get(y) - count.get(x))[0];
    if (next === undefined) break;
    path.push(next);
    node = next;
  }
  return path;
}

function mainThreadProfile(p) {
  if (!fs.statSync(p).isDirectory()) return p;
  const files = fs.readdirSync(p).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(p, f));
  return files.find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)) ?? files[0]; // thread 0: the main thread
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = mainThreadProfile(process.argv[2]);
  const minMs = Number(process.argv[3] ?? 10);
  const blocks = longBlocks(JSON.parse(fs.readFileSync(file, 'utf8')), minMs);
  console.log(`${file}: ${blocks.length} blocks >= ${minMs} ms`);
  const total = new Map();
  for (const b of blocks.slice(0, 25)) {
    console.log(`\n${b.ms.toFixed(1)} ms (${b.samples.length} samples)  dominant: ${b.dominant.slice(-3).join(' > ') || '(mixed)'}`);
    for (const [k, n] of b.inclusive.slice(0, 14)) console.log(`   ${String(n).padStart(4)}  ${k}`);
    console.log(`   self: ${b.self.slice(0, 4).map(([k, n]) => `${k} ×${n}`).join(' · ')}`);
  }
  for (const b of blocks) for (const [k, n] of b.inclusive) total.set(k, (total.get(k) ?? 0) + n);
  console.log('\nlong blocks by dominant frame:');
  const dom = new Map();
  for (const b of blocks) {
    const k = b.dominant.slice(-2).join(' > ') || '(mixed)';
    const d = dom.get(k) ?? { n: 0, ms: 0, max: 0 };
    dom.set(k, { n: d.n + 1, ms: d.ms + b.ms, max: Math.max(d.max, b.ms) });
  }
  for (const [k, d] of [...dom.entries()].sort((a, c) => c[1].ms - a[1].ms)) console.log(`   ${String(d.n).padStart(3)} × max ${d.max.toFixed(1).padStart(6)} ms, sum ${d.ms.toFixed(0).padStart(5)} ms  ${k}`);
  console.log('\nacross all long blocks (inclusive samples):');
  for (const [k, n] of [...total.entries()].sort((a, c) => c[1] - a[1]).slice(0, 40)) console.log(`   ${String(n).padStart(5)}  ${k}`);
}
