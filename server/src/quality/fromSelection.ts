/** Quality components of a consensus winner. */
import { parseSource } from '../consensus/normalize';
import type { RankedCluster } from '../consensus/select';
import type { QualityComponents } from './features';

/**
 * The code parses where it goes: as statements or declarations, or — a missing-member answer —
 * as class members (`area(): number { … }` is not a statement, but it type-checks in its class).
 */
export function parsesAsFragment(code: string): boolean {
  return parseSource(code) !== undefined || parseSource(`class WeaverMembers {\n${code}\n}`) !== undefined;
}

export function componentsFromSelection(winner: RankedCluster, code: string, typeChecks?: boolean): QualityComponents {
  const c = winner.components;
  return {
    parses: parsesAsFragment(code) ? 1 : 0,
    typeChecks: typeChecks === undefined ? undefined : Number(typeChecks),
    runsClean: c.cleanShare,
    clusterShare: c.sizeShare,
    providerShare: c.providerShare,
    docPassed: c.docPassed,
    docTotal: c.docTotal,
    trackRecord: c.trackRecord,
  };
}
