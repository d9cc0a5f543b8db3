/**
 * How an outcome becomes evidence about providers. Each item is (provider, success
 * weight, failure weight). Success of the shown answer also counts, with `dissentWeight`,
 * as failure for the providers whose answer behaved differently: they disagreed with
 * an answer the user kept. A failed answer says nothing about the dissenters.
 */
import type { OutcomeEvent, OutcomeKind } from './outcomes';

export interface Evidence {
  providerId: string;
  success: number;
  failure: number;
}

export interface EvidenceOptions {
  /** Failure weight for dissenting providers when the shown answer held up (default 0.5). */
  dissentWeight?: number;
}

const SUCCESS: ReadonlySet<OutcomeKind> = new Set(['accepted', 'validated-pass']);
const FAILURE: ReadonlySet<OutcomeKind> = new Set(['undone', 'dismissed', 'broken-later', 'validated-fail']);

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Share of success an outcome gives the shown answer, or undefined when it is not about it. */
export function successShare(e: Pick<OutcomeEvent, 'kind' | 'editRatio'>): number {
  if (SUCCESS.has(e.kind)) return 1;
  if (FAILURE.has(e.kind) || e.kind === 'replaced-by-alternative') return 0;
  return 1 - clamp01(e.editRatio ?? 0.5); // accepted-edited
}

/** The evidence one outcome gives, per provider (a provider appears at most once). */
export function evidenceOf(e: OutcomeEvent, opts: EvidenceOptions = {}): Evidence[] {
  const dissent = opts.dissentWeight ?? 0.5;
  const winners = new Set(e.providerIds);
  const out = new Map<string, Evidence>();
  const add = (providerId: string, success: number, failure: number) => {
    const cur = out.get(providerId) ?? { providerId, success: 0, failure: 0 };
    cur.success += success;
    cur.failure += failure;
    out.set(providerId, cur);
  };
  if (e.kind === 'replaced-by-alternative') {
    const alt = new Set(e.alternativeProviderIds ?? []);
    for (const p of winners) if (!alt.has(p)) add(p, 0, 1);
    for (const p of alt) add(p, 1, 0);
    return [...out.values()];
  }
  const s = successShare(e);
  for (const p of winners) add(p, s, 1 - s);
  if (s > 0 && dissent > 0) {
    for (const p of new Set(e.allProviderIds)) if (!winners.has(p)) add(p, 0, s * dissent);
  }
  return [...out.values()];
}

/** Acceptance evidence for the site kind: validation events are not about acceptance. */
export function acceptanceShare(e: OutcomeEvent): number | undefined {
  if (e.kind === 'validated-pass' || e.kind === 'validated-fail' || e.kind === 'broken-later') return undefined;
  if (e.kind === 'replaced-by-alternative') return 1; // the user still took a generated answer
  return successShare(e);
}
