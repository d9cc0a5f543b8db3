/** Spans recorded in another thread: forwarded as lines, kept by the server's store, scrubbed there too. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getTrace, Telemetry, type ForwardedSpan } from '../../../server/src/telemetry';

test('a forwarding telemetry keeps nothing itself; the receiving one stores the spans under the remote parent', async () => {
  const server = new Telemetry();
  const forwarded: ForwardedSpan[] = [];
  const worker = new Telemetry({ forward: (s) => forwarded.push(s) });
  const job = server.startSpan('weavergen.pregen.job', undefined, { parent: null });
  const parent = worker.remoteParent(job.traceId, job.spanId);
  await worker.withSpan('weavergen.generate', { 'weavergen.file.uri': 'file:///a.ts' }, async () => {
    await worker.withSpan('weavergen.context', undefined, async () => undefined);
  }, { parent });
  worker.drain();
  assert.equal(forwarded.length, 2, 'both spans were handed over');
  assert.ok(forwarded.every((s) => s.traceId === job.traceId && !s.root), 'children of the job, not roots');
  assert.equal(worker.store.traceCount, 0, 'the forwarding side keeps no trace');

  job.end();
  server.ingest(forwarded);
  const trace = getTrace(server.store, job.traceId);
  assert.deepEqual(trace?.spans.map((s) => s.name).sort(), ['weavergen.context', 'weavergen.generate', 'weavergen.pregen.job']);
  const generate = trace!.spans.find((s) => s.name === 'weavergen.generate')!;
  assert.equal(generate.parentSpanId, job.spanId);
});

test('ingest scrubs the server\'s known secrets from lines recorded where they were unknown', () => {
  const server = new Telemetry();
  server.setSecrets(['sk-secret-value-1234567890']);
  const line = JSON.stringify({
    traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'x', kind: 'internal', start: 1, end: 2, durationMs: 1,
    status: { code: 'error', message: 'failed with sk-secret-value-1234567890' }, attributes: {}, events: [],
  });
  server.ingest([{ traceId: 'a'.repeat(32), line, root: true }]);
  const trace = getTrace(server.store, 'a'.repeat(32));
  assert.ok(trace);
  assert.doesNotMatch(JSON.stringify(trace), /sk-secret-value/);
});

test('remoteParent of a disabled telemetry is a no-op span', () => {
  const off = new Telemetry({ enabled: false });
  assert.equal(off.remoteParent('a'.repeat(32), 'b'.repeat(16)).otel.isRecording(), false);
});
