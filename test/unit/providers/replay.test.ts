import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ReplayProvider, chunkText, findRecording, parseRecordings } from '../../../server/src/providers/replay';
import { demoRecordingPath } from '../../../server/src/providers/registry';
import { isBadResponse, isCancelled, isProviderError } from '../../../server/src/providers/errors';
import type { CompletionRequest } from '../../../server/src/providers/types';

const lines = [
  { match: { symbol: 'slugify' }, model: 'm', text: '```ts\nreturn title.toLowerCase();\n```', usage: { inputTokens: 10, outputTokens: 5 } },
  { match: { intent: 'parse an ISO date into a Date' }, model: 'm', text: '```ts\nexport function parseIsoDate() {}\n```', usage: { inputTokens: 7, outputTokens: 3 }, latencyMs: 40 },
  { match: { intent: 'sort users by name' }, model: 'm', text: 'sorted', usage: { inputTokens: 1, outputTokens: 1 } },
  { match: { symbol: 'slow' }, model: 'm', text: 'a long answer that is streamed in several chunks', usage: { inputTokens: 1, outputTokens: 1 }, latencyMs: 60_000 },
];

function provider(): ReplayProvider {
  const dir = mkdtempSync(path.join(tmpdir(), 'weaver-replay-'));
  const file = path.join(dir, 'rec.jsonl');
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n\n`);
  return new ReplayProvider({ id: 'demo', kind: 'replay', model: 'recorded-demo', replayFile: file });
}

const req = (hints: CompletionRequest['hints'], over: Partial<CompletionRequest> = {}): CompletionRequest =>
  ({ system: 's', messages: [{ role: 'user', content: 'u' }], hints, ...over });

describe('replay provider', () => {
  it('answers by symbol, streaming the recorded text, labelled recorded', async () => {
    const deltas: string[] = [];
    const res = await provider().complete(req({ symbol: 'slugify', intent: 'parse an ISO date' }, { onDelta: (d) => deltas.push(d) }));
    assert.equal(res.text, lines[0].text);
    assert.equal(deltas.join(''), res.text);
    assert.ok(deltas.length > 1);
    assert.equal(res.recorded, true);
    assert.equal(res.model, 'recorded-demo');
    assert.deepEqual(res.usage, { inputTokens: 10, outputTokens: 5 });
    assert.equal(res.retries, 0);
  });

  it('answers by best intent overlap when no symbol matches, spreading the recorded latency', async () => {
    const res = await provider().complete(req({ symbol: 'unknownFn', intent: 'Parse an ISO date (YYYY-MM-DD) into a Date' }));
    assert.equal(res.text, lines[1].text);
    assert.ok(res.latencyMs >= 35, `latency ${res.latencyMs}`);
    assert.ok(res.firstTokenMs! < res.latencyMs);
  });

  it('fails with a clear bad_response when nothing matches', async () => {
    await assert.rejects(provider().complete(req({ symbol: 'nothing', intent: 'quantum flux' })), (e: unknown) => {
      assert.ok(isBadResponse(e));
      assert.match((e as Error).message, /no recording matches/);
      return true;
    });
  });

  it('stops streaming when aborted', async () => {
    const ctl = new AbortController();
    const deltas: string[] = [];
    const p = provider().complete(req({ symbol: 'slow' }, { signal: ctl.signal, onDelta: (d) => deltas.push(d) }));
    ctl.abort();
    await assert.rejects(p, (e: unknown) => isCancelled(e));
    assert.equal(deltas.length, 0);
  });

  it('reports an unreadable recording as a provider error', async () => {
    const p = new ReplayProvider({ id: 'demo', kind: 'replay', model: 'x', replayFile: '/nonexistent/rec.jsonl' });
    await assert.rejects(p.complete(req({ symbol: 'slugify' })), (e: unknown) => isProviderError(e) && /cannot read/.test((e as Error).message));
  });
});

describe('recordings', () => {
  it('parseRecordings rejects malformed lines with their line number', () => {
    assert.throws(() => parseRecordings('{"match":{},"text":"a"}\nnot json', 'f'), /f:2/);
    assert.throws(() => parseRecordings('{"text":"a"}', 'f'), /match/);
  });

  it('findRecording prefers symbol, then the best intent overlap', () => {
    const recs = parseRecordings(lines.map((l) => JSON.stringify(l)).join('\n'));
    assert.equal(findRecording(recs, { symbol: 'slugify' })?.text, lines[0].text);
    assert.equal(findRecording(recs, { intent: 'sort the users by their name' })?.text, 'sorted');
    assert.equal(findRecording(recs, { intent: 'zzz' }), undefined);
    assert.equal(findRecording(recs, undefined), undefined);
  });

  it('chunkText keeps every character', () => {
    const text = 'export function f(a: number) {\n  return a * 2;\n}\n';
    const chunks = chunkText(text, 8);
    assert.equal(chunks.join(''), text);
    assert.ok(chunks.length > 3);
  });

  it('the bundled demo recording covers every demo site with a fenced ts block', async () => {
    const file = demoRecordingPath();
    const p = new ReplayProvider({ id: 'demo', kind: 'replay', model: 'recorded-demo', replayFile: file });
    for (const hints of [{ symbol: 'slugify' }, { symbol: 'capitalizeWords' }, { intent: 'parse an ISO date (YYYY-MM-DD) into a Date, throwing on invalid input' }]) {
      const res = await p.complete(req(hints));
      assert.match(res.text, /^```ts\n[\s\S]+\n```$/);
    }
  });
});
