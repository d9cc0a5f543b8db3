/**
 * Predictive pre-generation as an LSP feature: document open/change/close and the
 * `weavergen/cursor` hint feed the Pregenerator's triggers; `weavergen/pregenAccepted`
 * records acceptance; `weavergen/pregenMetrics` answers the metrics and
 * `weavergen/pregenStatus` pushes them (throttled) while background work changes.
 * Background work runs only when the setting is on AND the client declared
 * `experimental.weavergenPregeneration` (it can use pre-generated results).
 */
import * as path from 'node:path';
import type { InitializeParams } from 'vscode-languageserver';
import {
  CursorNotification, PREGEN_CLIENT_CAPABILITY, PregenAcceptedNotification, PregenMetricsRequest, PregenStatusNotification,
} from '../protocol';
import { Pregenerator } from '../pregen/engine';
import { backgroundPlan } from '../pregen/plan';
import { storagePathOf } from './traces';
import type { Feature, ServerContext } from './feature';
import type { BackgroundPipeline } from '../background/pipeline';
import { typeCheckPool } from '../workers/typecheckPool';
import { timedStage } from '../util/mainThreadStage';
import { cursorParams } from '../protocol/paramSchemas';
import { checkParams, isResponseError } from './params';

const STATUS_THROTTLE_MS = 250;
const SAVE_DELAY_MS = 2000;
const CACHE_FILE = 'pregen-cache.json';

export interface PregenerationFeature extends Feature {
  readonly engine: Pregenerator;
}

/**
 * `learnedAcceptance`: per-kind acceptance from the learning history (features/learning.ts), for ranking sites.
 * `background`: where background jobs run (a worker thread); default in-process, like user requests.
 */
export function pregenerationFeature(
  ctx: ServerContext, init: () => InitializeParams | undefined, learnedAcceptance?: () => Record<string, { accepted: number; shown: number }>,
  background?: BackgroundPipeline,
): PregenerationFeature {
  const { connection, documents } = ctx;
  let statusTimer: NodeJS.Timeout | undefined;
  let saveTimer: NodeJS.Timeout | undefined;
  let loaded = false;
  const capable = () => (ctx.client().experimental as Record<string, unknown> | undefined)?.[PREGEN_CLIENT_CAPABILITY] === true;
  const cacheFile = () => {
    const dir = storagePathOf(init());
    return dir ? path.join(dir, CACHE_FILE) : undefined;
  };

  const engine: Pregenerator = new Pregenerator({
    generate: (doc, params, signal, opts) => ctx.service.generate(doc, params, signal, opts),
    ...(background ? {
      generateInBackground: (doc, params, signal, opts) => background.generate(doc, params, signal, opts),
      backgroundThread: () => ({ mode: background.mode, ...(background.reason ? { reason: background.reason } : {}) }),
      backgroundTask: (name, input, signal) => background.task(name, input, signal),
      // One after the other (not competing with the main thread for the CPU): the background worker's type
      // checker, then the shared pool's for the user's own requests.
      warmUp: () => void background.warmUp().then(() => typeCheckPool().warmUp()),
    } : {}),
    telemetry: ctx.service.telemetry,
    document: (uri) => documents.get(uri),
    maxContextTokens: () => ctx.providers.settings().maxContextTokens,
    acceptance: learnedAcceptance,
    onDidChange: () => { pushStatus(); scheduleSave(); },
    log: (m) => connection.console.warn(`WeaverGen pre-generation: ${m}`),
  });

  function pushStatus(): void {
    if (statusTimer || !capable()) return;
    statusTimer = setTimeout(() => {
      statusTimer = undefined;
      void connection.sendNotification(PregenStatusNotification, engine.metrics()).catch(() => undefined);
    }, STATUS_THROTTLE_MS);
    statusTimer.unref?.();
  }

  function scheduleSave(): void {
    const file = cacheFile();
    if (saveTimer || !file || !ctx.providers.settings().pregeneration.persistCache) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      void engine.save(file).catch((e: unknown) => connection.console.warn(`WeaverGen: could not save the snippet cache: ${String(e)}`));
    }, SAVE_DELAY_MS);
    saveTimer.unref?.();
  }

  const applySettings = async (): Promise<void> => {
    const settings = ctx.providers.settings();
    engine.configure(settings.pregeneration, capable());
    const file = cacheFile();
    if (!loaded && file && settings.pregeneration.persistCache) {
      loaded = true;
      await engine.load(file);
    }
    const resolved = await ctx.providers.current();
    engine.setPlan(backgroundPlan(resolved.infos, ctx.providers.settings()));
    pushStatus();
  };
  let firstApplied!: () => void;
  engine.gateUntil(new Promise<void>((resolve) => { firstApplied = resolve; }));
  const sub = ctx.providers.onDidChange((c) => {
    if (c.state === 'ready') void applySettings().finally(firstApplied);
    else if (c.state === 'error') firstApplied();
  });

  const subs = [
    sub,
    documents.onDidOpen((e) => engine.opened(e.document.uri)),
    documents.onDidChangeContent((e) => timedStage('document.change', () => engine.changed(e.document.uri))),
    documents.onDidClose((e) => engine.closed(e.document.uri)),
  ];
  connection.onNotification(CursorNotification, (raw) => {
    // A notification has no answer: malformed params are logged and dropped.
    const p = checkParams(cursorParams, raw);
    if (isResponseError(p)) return connection.console.warn(`WeaverGen: weavergen/cursor ignored: ${p.message}`);
    engine.cursor(p.textDocument.uri, p.position);
  });
  connection.onNotification(PregenAcceptedNotification, (p) => engine.accepted(p));
  connection.onRequest(PregenMetricsRequest, () => engine.metrics());

  return {
    engine,
    capabilities: () => ({}),
    dispose: async () => {
      for (const s of subs) s.dispose();
      if (statusTimer) clearTimeout(statusTimer);
      if (saveTimer) clearTimeout(saveTimer);
      engine.dispose();
      await background?.dispose();
      // The last save is awaited: the shutdown reply (and so the exit) waits for it.
      const file = cacheFile();
      if (file) await engine.save(file).catch((e: unknown) => connection.console.warn(`WeaverGen: could not save the snippet cache: ${String(e)}`));
    },
  };
}
