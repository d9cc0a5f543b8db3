/** Persistence per workspace: JSON lines, reload on start, rotation and size cap. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Telemetry } from '../../../server/src/telemetry';
import { TraceFiles } from '../../../server/src/telemetry/traceFiles';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'weavergen-traces-'));

async function oneTrace(t: Telemetry, i: number, pad = 0): Promise<string> {
  return t.withSpan('weavergen.generate', { i }, async (root) => {
    await t.withSpan('gen_ai.chat', { note: 'z'.repeat(pad) }, async () => undefined);
    return root.traceId;
  });
}

test('spans are saved as JSON lines and reloaded by a new Telemetry', async () => {
  const dir = tmp();
  const a = new Telemetry();
  assert.equal(a.open(dir), 0);
  const ids = [await oneTrace(a, 1), await oneTrace(a, 2)];
  await a.shutdown();
  const file = path.join(dir, 'traces', 'traces.jsonl');
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines.length, 4);
  assert.equal(JSON.parse(lines[0]).name, 'gen_ai.chat');

  const b = new Telemetry();
  assert.equal(b.open(dir), 4);
  for (const id of ids) {
    const spans = b.store.get(id)!;
    assert.deepEqual(spans.map((s) => s.name), ['weavergen.generate', 'gen_ai.chat']);
    assert.equal(spans[1].parentSpanId, spans[0].spanId);
  }
});

test('a root span ending writes to disk on the next turn, without shutdown', async () => {
  const dir = tmp();
  const t = new Telemetry();
  t.open(dir);
  await oneTrace(t, 1);
  await new Promise<void>((r) => setImmediate(r));
  assert.equal(fs.readFileSync(path.join(dir, 'traces', 'traces.jsonl'), 'utf8').trim().split('\n').length, 2);
});

test('damaged lines are skipped on reload', async () => {
  const dir = tmp();
  const a = new Telemetry();
  a.open(dir);
  const id = await oneTrace(a, 1);
  await a.shutdown();
  fs.appendFileSync(path.join(dir, 'traces', 'traces.jsonl'), '{"truncated": \nnot json\n{}\n');
  const b = new Telemetry();
  assert.equal(b.open(dir), 2);
  assert.equal(b.store.get(id)!.length, 2);
});

test('rotation: at most N files of at most fileBytes each; newest traces survive', async () => {
  const dir = tmp();
  const fileBytes = 4096;
  const a = new Telemetry({ files: { files: 2, fileBytes } });
  a.open(dir);
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) {
    ids.push(await oneTrace(a, i, 100));
    await a.flush();
  }
  await a.shutdown();
  const tdir = path.join(dir, 'traces');
  assert.deepEqual(fs.readdirSync(tdir).sort(), ['traces.1.jsonl', 'traces.jsonl']);
  for (const f of fs.readdirSync(tdir)) assert.ok(fs.statSync(path.join(tdir, f)).size <= fileBytes, f);
  assert.ok(new TraceFiles({ dir: tdir, files: 2, fileBytes }).totalBytes() <= 2 * fileBytes);

  const b = new Telemetry({ files: { files: 2, fileBytes } });
  const loaded = b.open(dir);
  assert.ok(loaded > 0 && loaded < 120, `loaded ${loaded}`);
  assert.equal(b.store.get(ids.at(-1)!)!.length, 2, 'the newest trace is complete');
  assert.equal(b.store.get(ids[0]), undefined, 'the oldest was rotated away');
});

test('TraceFiles drops a line larger than one file instead of breaking the cap', () => {
  const dir = tmp();
  const files = new TraceFiles({ dir, files: 2, fileBytes: 1024 });
  files.append(['x'.repeat(2000), '{"small":1}']);
  assert.deepEqual(files.load(), ['{"small":1}']);
});
