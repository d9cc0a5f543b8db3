/**
 * One key per site, whatever path reaches it (issue 13, items 2 and 3): every site kind is
 * walked through prediction (in-process and the worker task), the background job finding
 * its site again, a request with the cursor where a person puts it, the code action's and
 * the inline completion's cache reads. A result stored under the predicted key must be
 * what every one of those paths finds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { requeryOf, siteAt } from '../../../server/src/cache';
import { findSite } from '../../../server/src/context/siteFinder';
import { predictSites } from '../../../server/src/prediction';
import { Pregenerator } from '../../../server/src/pregen/engine';
import { resolveTargets, SiteMemo } from '../../../server/src/pregen/siteTargets';
import { DEFAULT_PREGENERATION_SETTINGS } from '../../../server/src/protocol/settings';
import type { GenerateResult } from '../../../server/src/protocol';
import { siteTargets } from '../../../server/src/workers/siteTargetsTask';
import { at, CALLS, SERVICE, SHAPES } from '../prediction/fixtures';

const FP = 'fp';
const PLAN = { ids: ['local'], jobProvider: { id: 'local', kind: 'openai-compatible' as const }, members: [{ id: 'local', kind: 'openai-compatible' as const }], fingerprint: FP };

/** Where a person asks for each site: [fixture, needle in the text, the site kind findSite must answer]. */
const ASKS: [string, string, string][] = [
  ['service', 'TODO: validate', 'todo-comment'], // a TODO in a body with code
  ['service', 'findByEmail(users', 'empty-body'], // the header
  ['service', '{}\n\nexport function deleteUser', 'empty-body'], // between the braces
  ['service', 'deleteUser(users', 'stub-body'],
  ['service', "throw new Error('not implemented')", 'stub-body'],
  ['service', 'rename(id', 'stub-body'],
  ['service', 'TODO: rename', 'stub-body'], // a TODO that is the whole body: the same site as its header
  ['service', 'weaver: a function', 'intent-comment'], // top level
  ['service', 'isActive(u)', 'missing-function'],
  ['shapes', 'class Square', 'missing-member'],
  ['calls', 'evaluate(tree)', 'missing-function'],
  ['calls', 'normalizeTotal(2)', 'missing-function'],
];
const TEXTS: Record<string, string> = { service: SERVICE, shapes: SHAPES, calls: CALLS };
const uriOf = (name: string) => `file:///w/${name}.ts`;

async function predictedKeys(name: string): Promise<{ inProcess: Map<string, string>; worker: Map<string, string> }> {
  const text = TEXTS[name];
  const sites = predictSites(text, `${name}.ts`).filter((s) => s.target !== 'test');
  const inProcess = await resolveTargets({ uri: uriOf(name), text, file: `${name}.ts`, fingerprint: FP, sites, memo: new SiteMemo(), stale: () => false });
  const worker = siteTargets({ uri: uriOf(name), text, file: `${name}.ts`, fingerprint: FP, predict: {} }).targets;
  const byKey = (ts: { key: string; found: { site: { kind: string } } }[]) => new Map(ts.map((t) => [t.key, t.found.site.kind]));
  return { inProcess: byKey(inProcess!), worker: byKey(worker) };
}

test('every predicted site: the background job finds the same site again (same key), so it neither fails nor stores under another key', async () => {
  for (const name of Object.keys(TEXTS)) {
    const text = TEXTS[name];
    const targets = siteTargets({ uri: uriOf(name), text, file: `${name}.ts`, fingerprint: FP, predict: {} }).targets;
    assert.ok(targets.length > 0, name);
    for (const t of targets) {
      const again = siteAt(uriOf(name), text, `${name}.ts`, requeryOf(t.found as never), FP);
      assert.ok(again, `${name}: the job for ${t.found.site.kind} ${t.found.site.symbol ?? ''} finds nothing to generate`);
      assert.equal(again.key, t.key, `${name}: the job for ${t.found.site.kind} finds ${again.found.site.kind} instead`);
    }
  }
});

test('a site has one key whatever path reaches it: prediction (in-process and worker), request, code action, inline', async () => {
  for (const [name, needle, kind] of ASKS) {
    const text = TEXTS[name];
    const doc = TextDocument.create(uriOf(name), 'typescript', 1, text);
    const position = at(text, needle, needle.startsWith('{}') ? 1 : 0);
    const asked = siteAt(doc.uri, text, `${name}.ts`, { position }, FP);
    assert.ok(asked, `${name} "${needle}": no site`);
    assert.equal(asked.found.site.kind, kind, `${name} "${needle}"`);
    const { inProcess, worker } = await predictedKeys(name);
    assert.ok(inProcess.has(asked.key), `${name} "${needle}": the request's ${kind} key is not among the predicted keys (${[...inProcess.values()].join(', ')})`);
    assert.ok(worker.has(asked.key), `${name} "${needle}": the worker's predicted keys miss the request's ${kind} key`);

    // The engine's own paths, reading a result stored under the PREDICTED key.
    const engine = new Pregenerator({ document: () => doc, maxContextTokens: () => 2000, warmUp: () => undefined, generate: () => Promise.reject(new Error('no model in this test')) });
    try {
      engine.configure({ ...DEFAULT_PREGENERATION_SETTINGS, enabled: true }, false);
      engine.setPlan(PLAN);
      const result = { code: '/* cached */', site: asked.found.site, providers: [], quality: { score: 100, components: {} } } as unknown as GenerateResult;
      engine.cache.cache.set(asked.key, { result, tokens: 10, origin: 'background' });
      assert.ok(engine.peek(doc, { position }), `${name} "${needle}": code action misses`);
      assert.equal(engine.inline(doc, position).length, 1, `${name} "${needle}": inline misses`);
      assert.equal(engine.lookup(doc, { textDocument: { uri: doc.uri }, position })?.code, '/* cached */', `${name} "${needle}": request misses`);
    } finally {
      engine.dispose();
    }
  }
});

test('a top-level weaver: comment is pre-generated: its background job reaches the pipeline at the comment and the result is served', async () => {
  const text = SERVICE;
  const doc = TextDocument.create(uriOf('service'), 'typescript', 1, text);
  const asked: string[] = [];
  let stored!: () => void;
  const done = new Promise<void>((r) => { stored = r; });
  const engine: Pregenerator = new Pregenerator({
    document: () => doc, maxContextTokens: () => 2000, warmUp: () => undefined,
    onDidChange: () => { if (engine.peek(doc, { position: at(text, 'weaver: a function') })) stored(); },
    // What the real pipeline does first (generation/service.ts): find the site of the request, or fail.
    generate: async (d, params) => {
      const found = findSite(d.getText(), 'service.ts', { position: params.position });
      if (!found) throw new Error('Nothing to generate here');
      asked.push(found.site.kind);
      return { code: '// generated', site: found.site, providers: [{ id: 'local', inputTokens: 100, outputTokens: 20 }], quality: { score: 90, components: {} } } as unknown as GenerateResult;
    },
  });
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    engine.configure({ ...DEFAULT_PREGENERATION_SETTINGS, enabled: true, maxSites: 20 }, true);
    engine.setPlan(PLAN);
    engine.opened(doc.uri);
    await Promise.race([done, new Promise((_, rej) => setTimeout(() => rej(new Error(`never stored; jobs asked for ${asked.join(', ')}; ${JSON.stringify(engine.metrics().jobs)}`)), 120_000).unref())]);
    assert.ok(asked.includes('intent-comment'));
    assert.equal(engine.lookup(doc, { textDocument: { uri: doc.uri }, position: at(text, 'weaver: a function') })?.code, '// generated');
  } finally {
    clearInterval(keepAlive);
    engine.dispose();
  }
});
