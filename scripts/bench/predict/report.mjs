/** bench:predict output for the probe loop (probes.mjs) and the server's main-thread blocking monitor. */

export function percentile(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
export const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

const row = (name, xs) => `  ${name.padEnd(22)} n=${String(xs.length).padStart(5)}  p50 ${fmt(percentile(xs, 50)).padStart(6)}  p95 ${fmt(percentile(xs, 95)).padStart(6)}` +
  `  p99 ${fmt(percentile(xs, 99)).padStart(6)}  max ${fmt(xs.length ? Math.max(...xs) : NaN).padStart(7)} ms`;

/** Busy vs idle probe round trips, the added delay, and the count of busy probes over idle p50 + 10 ms. */
export function printProbes(replay, idle, mode) {
  const busy = replay.filter((s) => s.tag === 'busy').map((s) => s.ms);
  const quiet = replay.filter((s) => s.tag === 'quiet').map((s) => s.ms);
  const fg = replay.filter((s) => s.tag === 'foreground').map((s) => s.ms);
  const idleMs = idle.map((s) => s.ms);
  const misses = [...replay, ...idle].filter((s) => !s.hit).length;
  console.log(`probe loop: ${mode === 'generate' ? 'weavergen/generate' : 'weavergen/inlineCompletion'} cache hit on probe.ts every 15-25 ms (round trip at the client)`);
  console.log(row('background busy', busy));
  console.log(row('replay, bg quiet', quiet));
  console.log(row('user generation running', fg) + '  (not counted)');
  console.log(row('idle (after replay)', idleMs));
  const p50 = percentile(idleMs, 50);
  const over = busy.filter((ms) => ms > p50 + 10).length;
  console.log(`  added delay (busy - idle): p99 ${fmt(percentile(busy, 99) - percentile(idleMs, 99))} ms, max ${fmt(Math.max(...busy) - Math.max(...idleMs))} ms`);
  console.log(`  busy probes over idle p50 + 10 ms (${fmt(p50 + 10)} ms): ${over} of ${busy.length}${misses ? `; probes that missed the cache: ${misses}` : ''}`);
  // The same count with no background job running: what this machine does on its own during the replay.
  console.log(`  for comparison, replay probes with the background quiet over that line: ${quiet.filter((ms) => ms > p50 + 10).length} of ${quiet.length}`);
}

/** The server's event-loop monitor (PregenMetrics.mainThread). */
export function printMainThread(m) {
  if (!m) return console.log('main-thread monitor: no data (background never ran)');
  console.log(`main-thread blocks while background work ran (server monitor, ${m.intervalMs} ms tick, >= ${m.thresholdMs} ms; watched ${(m.monitoredMs / 1000).toFixed(1)} s):`);
  console.log(`  ${m.blocks} blocks, longest ${fmt(m.maxMs, 1)} ms, ${m.totalBlockedMs} ms in total; GC: ${m.gc.count} pauses, longest ${fmt(m.gc.maxMs, 1)} ms, ${m.gc.slow} >= ${m.thresholdMs} ms`);
  const kinds = Object.entries(m.gc.byKind ?? {}).map(([k, v]) => `${k} ${v.count} (longest ${fmt(v.maxMs, 1)} ms)`).join(', ');
  if (kinds) console.log(`  GC pauses by kind: ${kinds}`);
  console.log(`  of which the loop itself was busy >= ${m.thresholdMs} ms (the server's own work): ${m.busyBlocks ?? '?'}; the rest waited for a CPU (machine load)`);
  for (const b of m.longest) {
    const busy = b.busyMs === undefined ? '' : ` (loop busy ${fmt(b.busyMs, 1)}${b.gcMs ? `, GC ${fmt(b.gcMs, 1)}` : ''} ms)`;
    console.log(`  ${fmt(b.ms, 1).padStart(7)} ms${busy.padEnd(33)} at ${(b.at / 1000).toFixed(1).padStart(6)} s  ${b.stages}`);
  }
  const slow = m.stages.filter((s) => s.maxMs >= 1);
  if (slow.length) {
    console.log('  timed synchronous steps (all, background and user): label  count  max  >=10ms');
    for (const s of slow) console.log(`    ${s.label.padEnd(28)} ${String(s.count).padStart(5)} ${fmt(s.maxMs, 1).padStart(7)} ms ${String(s.slow).padStart(4)}`);
  }
}
