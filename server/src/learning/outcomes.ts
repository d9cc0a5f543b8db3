/**
 * What happened to a result shown to the user, as one event. Outcome events are the
 * only input of learning; they stay on this machine (see outcomeStore.ts).
 */

export const OUTCOME_KINDS = [
  'accepted', 'accepted-edited', 'undone', 'dismissed', 'replaced-by-alternative',
  'broken-later', 'validated-pass', 'validated-fail',
] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export interface OutcomeEvent {
  /** Unique per event. */
  id: string;
  /** Epoch milliseconds. */
  time: number;
  /** The generation result this outcome is about. */
  resultId: string;
  /** Providers in the winning behaviour cluster (the ones whose answer was shown). */
  providerIds: string[];
  /** Every provider that answered the request. */
  allProviderIds: string[];
  language: string;
  /** Kind of generation site, e.g. 'function', 'method', 'body', 'expression'. */
  siteKind: string;
  kind: OutcomeKind;
  /** accepted-edited: share of the inserted text changed a while later, in [0, 1]. */
  editRatio?: number;
  /** replaced-by-alternative: providers of the alternative the user picked instead. */
  alternativeProviderIds?: string[];
}

/** An event before the store stamps it. */
export type OutcomeInput = Omit<OutcomeEvent, 'id' | 'time'> & Partial<Pick<OutcomeEvent, 'id' | 'time'>>;

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** True for a well-formed event (used when reading stored lines back). */
export function isOutcomeEvent(v: unknown): v is OutcomeEvent {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.time === 'number' && Number.isFinite(o.time)
    && typeof o.resultId === 'string' && isStringArray(o.providerIds) && isStringArray(o.allProviderIds)
    && typeof o.language === 'string' && typeof o.siteKind === 'string'
    && (OUTCOME_KINDS as readonly string[]).includes(o.kind as string)
    && (o.editRatio === undefined || (typeof o.editRatio === 'number' && o.editRatio >= 0 && o.editRatio <= 1))
    && (o.alternativeProviderIds === undefined || isStringArray(o.alternativeProviderIds));
}
