/**
 * Outcome capture, server side: every result the pipeline produces is remembered (bounded)
 * with who proposed what, so a later `weavergen/outcome` from the client can be turned into
 * an OutcomeInput for the learner; the orchestra's own verdict on an executed result is
 * turned into validated-pass / validated-fail here too.
 */
import type { GenerateResult, OutcomeParams } from '../protocol';
import type { OutcomeInput } from '../learning';

export interface RememberedResult {
  resultId: string;
  /** Providers of the winning cluster (whose answer was shown). */
  providerIds: string[];
  allProviderIds: string[];
  language: string;
  siteKind: string;
  /** Cluster id → its providers (for replaced-by-alternative). */
  clusters: Record<string, string[]>;
}

const MAX_RESULTS = 2000;

export function languageOf(fileName: string): string {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? 'ts';
  if (ext === 'tsx') return 'typescriptreact';
  if (ext === 'jsx') return 'javascriptreact';
  if (ext === 'js' || ext === 'mjs' || ext === 'cjs') return 'javascript';
  return 'typescript';
}

export function rememberedOf(result: GenerateResult, fileName: string): RememberedResult | undefined {
  if (!result.resultId) return undefined;
  const c = result.consensus;
  const winner = c?.clusters.find((k) => k.id === c.winnerClusterId);
  return {
    resultId: result.resultId,
    providerIds: winner ? [...winner.providers] : [result.provider.id],
    allProviderIds: result.providers.filter((p) => p.status === 'ok').map((p) => p.id),
    language: languageOf(fileName),
    siteKind: result.site.kind,
    clusters: Object.fromEntries((c?.clusters ?? []).map((k) => [k.id, [...k.providers]])),
  };
}

/** The orchestra's own verdict on an executed result (undefined when nothing ran). */
export function validationOf(result: GenerateResult): 'validated-pass' | 'validated-fail' | undefined {
  if (!result.execution?.ran || !result.consensus) return undefined;
  const winner = result.consensus.clusters.find((k) => k.id === result.consensus!.winnerClusterId);
  if (!winner) return undefined;
  const comps = result.quality?.components ?? {};
  const docsOk = !(comps.docTotal > 0) || comps.docPassed === comps.docTotal;
  const clean = winner.probesTotal > 0 && winner.probesPassed === winner.probesTotal;
  return clean && docsOk && winner.typeChecks !== false ? 'validated-pass' : 'validated-fail';
}

/** The learner's input for one client outcome, or a reason it cannot be used. */
export function outcomeInput(r: RememberedResult, p: OutcomeParams): OutcomeInput | string {
  const base = { resultId: r.resultId, providerIds: r.providerIds, allProviderIds: r.allProviderIds, language: r.language, siteKind: r.siteKind };
  if (p.kind === 'replaced-by-alternative') {
    const alt = p.alternativeClusterId ? r.clusters[p.alternativeClusterId] : undefined;
    if (!alt) return `unknown alternative cluster ${p.alternativeClusterId ?? '(none)'}`;
    return { ...base, kind: p.kind, alternativeProviderIds: alt };
  }
  if (p.kind === 'accepted-edited') {
    const ratio = typeof p.editRatio === 'number' && Number.isFinite(p.editRatio) ? Math.min(1, Math.max(0, p.editRatio)) : 0.5;
    return { ...base, kind: p.kind, editRatio: ratio };
  }
  return { ...base, kind: p.kind };
}

/** Recent results by id (insertion order; the oldest is forgotten first). */
export class ResultRegistry {
  private readonly byId = new Map<string, RememberedResult>();

  constructor(private readonly max = MAX_RESULTS) {}

  remember(r: RememberedResult): void {
    this.byId.delete(r.resultId);
    this.byId.set(r.resultId, r);
    while (this.byId.size > this.max) this.byId.delete(this.byId.keys().next().value!);
  }

  get(id: string): RememberedResult | undefined {
    return this.byId.get(id);
  }
}
