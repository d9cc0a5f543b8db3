/**
 * Learning from outcomes in the server: one LearningService (a Learner over
 * `<storagePath>/learning`, or a temporary directory when the client gave none) feeds
 * learned reliability into consensus as provider weights, remembers every result, records
 * the orchestra's validation verdicts and the client's outcomes, and answers
 * `weavergen/learning`, `weavergen/learningReset` and `weavergen/learningExport`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InitializeParams } from 'vscode-languageserver';
import { Learner, type OutcomeInput } from '../learning';
import {
  LearningExportRequest, LearningRequest, LearningResetRequest, OutcomeNotification,
  type GenerateResult, type LearningSummary, type OutcomeParams,
} from '../protocol';
import type { GenerationLearning } from '../generation/service';
import type { Feature, ServerContext } from './feature';
import { learningSummary } from './learningSummary';
import { languageOf, outcomeInput, rememberedOf, ResultRegistry, validationOf } from './outcomes';
import { RepairLog } from './repairLog';
import { storagePathOf } from './traces';
import { learningParams } from '../protocol/paramSchemas';
import { checkParams, isResponseError } from './params';

interface Opened { learner: Learner; repairs: RepairLog }

export class LearningService implements GenerationLearning {
  private opened?: Opened;
  private opening?: Promise<Opened>;
  private readonly results = new ResultRegistry();
  /** Every pending write, so tests and shutdown can wait for them. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly enabled: () => boolean, private readonly warn: (m: string) => void = () => undefined) {}

  /** Opens the store in `storagePath/learning` (or a temp dir); idempotent. */
  open(storagePath: string | undefined): Promise<Opened> {
    this.opening ??= (async () => {
      const temp = () => mkdtempSync(join(tmpdir(), 'weavergen-learning-'));
      // `root`: the storage dir, checked for planted symlinks from there down (util/safeFiles).
      const at = async (dir: string, root = dir) => ({
        learner: await Learner.open({ dir, root, log: this.warn }), repairs: await RepairLog.open(dir, undefined, { root, log: this.warn }),
      });
      let opened: Opened;
      try {
        opened = await (storagePath ? at(join(storagePath, 'learning'), storagePath) : at(temp()));
      } catch (e) {
        this.warn(`learning store unavailable (${e instanceof Error ? e.message : String(e)}); using a temporary directory`);
        opened = await at(temp());
      }
      this.opened = opened;
      return opened;
    })();
    return this.opening;
  }

  private ready(): Promise<Opened> {
    return this.opening ?? this.open(undefined);
  }

  /**
   * How often results of each site kind were kept (decayed counts from the persisted
   * history), for ranking predicted sites across sessions; empty when learning is off.
   */
  acceptanceByKind(): Record<string, { accepted: number; shown: number }> {
    if (!this.enabled() || !this.opened) return {};
    const out: Record<string, { accepted: number; shown: number }> = {};
    for (const k of this.opened.learner.model.summary().kinds) {
      if (k.events > 0) out[k.siteKind] = { accepted: k.acceptance * k.events, shown: k.events };
    }
    return out;
  }

  weights(providerIds: string[], fileName: string, siteKind: string): Record<string, number> | undefined {
    if (!this.enabled() || !this.opened) return undefined;
    return this.opened.learner.model.consensusWeights(providerIds, languageOf(fileName), siteKind);
  }

  observe(result: GenerateResult, fileName: string): void {
    const r = rememberedOf(result, fileName);
    if (!r) return;
    this.results.remember(r);
    if (!this.enabled()) return;
    const verdict = validationOf(result);
    const { resultId, providerIds, allProviderIds, language, siteKind } = r;
    if (verdict) this.track(this.record({ resultId, providerIds, allProviderIds, language, siteKind, kind: verdict }));
    const repair = result.repair;
    if (repair) {
      this.track(this.ready().then((o) => o.repairs.append({
        time: Date.now(), iterations: repair.iterations.length, tokens: repair.tokens, fixed: repair.fixed, stoppedBecause: repair.stoppedBecause,
      })));
    }
  }

  /** A client outcome; false when it cannot be used (unknown result, learning off). */
  async outcome(p: OutcomeParams): Promise<boolean> {
    if (!this.enabled() || typeof p?.resultId !== 'string') return false;
    const r = this.results.get(p.resultId);
    if (!r) {
      this.warn(`outcome for an unknown result ${p.resultId} ignored`);
      return false;
    }
    const input = outcomeInput(r, p);
    if (typeof input === 'string') {
      this.warn(`outcome ignored: ${input}`);
      return false;
    }
    await this.track(this.record(input));
    return true;
  }

  async summary(bucketSize?: number): Promise<LearningSummary> {
    await this.settled();
    const o = await this.ready();
    return learningSummary(this.enabled(), o.learner.summary(), o.learner.store.all(), o.repairs.all(), bucketSize);
  }

  async reset(): Promise<void> {
    await this.settled();
    const o = await this.ready();
    await o.learner.reset();
    await o.repairs.reset();
  }

  async exportJson(): Promise<{ json: string; events: number }> {
    await this.settled();
    const o = await this.ready();
    const doc = JSON.parse(o.learner.export()) as Record<string, unknown>;
    doc.repairs = o.repairs.all();
    return { json: JSON.stringify(doc, null, 2), events: o.learner.store.size };
  }

  /** Resolves when every write so far is done. */
  async settled(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.writes;
      await seen;
    } while (seen !== this.writes);
  }

  private record(input: OutcomeInput): Promise<unknown> {
    return this.ready().then((o) => o.learner.record(input));
  }

  private track<T>(p: Promise<T>): Promise<T> {
    const guarded = p.catch((e: unknown) => {
      this.warn(`could not record an outcome: ${e instanceof Error ? e.message : String(e)}`);
      return undefined as T;
    });
    this.writes = Promise.all([this.writes, guarded]);
    return guarded;
  }
}

export function learningFeature(ctx: ServerContext, learning: LearningService, init: () => InitializeParams | undefined): Feature {
  ctx.connection.onNotification(OutcomeNotification, (p) => void learning.outcome(p));
  ctx.connection.onRequest(LearningRequest, (raw) => {
    const p = checkParams(learningParams, raw);
    return isResponseError(p) ? p : learning.summary(p?.bucketSize);
  });
  ctx.connection.onRequest(LearningResetRequest, async () => {
    await learning.reset();
    return { ok: true as const };
  });
  ctx.connection.onRequest(LearningExportRequest, () => learning.exportJson());
  return {
    // Called from onInitialize, once the storage path is known: open the store then.
    capabilities: () => {
      learning.open(storagePathOf(init())).catch((e: unknown) => {
        ctx.connection.console.warn(`WeaverGen learning: could not open the outcome store: ${e instanceof Error ? e.message : String(e)}`);
      });
      return {};
    },
    dispose: () => void learning.settled(),
  };
}
