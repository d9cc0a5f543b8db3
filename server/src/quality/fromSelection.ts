/** Quality components of a consensus winner. */
import { parseSource } from '../consensus/normalize';
import type { RankedCluster } from '../consensus/select';
import type { QualityComponents } from './features';

export function componentsFromSelection(winner: RankedCluster, code: string, typeChecks?: boolean): QualityComponents {
  const c = winner.components;
  return {
    parses: parseSource(code) ? 1 : 0,
    typeChecks: typeChecks === undefined ? undefined : Number(typeChecks),
    runsClean: c.cleanShare,
    clusterShare: c.sizeShare,
    providerShare: c.providerShare,
    docPassed: c.docPassed,
    docTotal: c.docTotal,
    trackRecord: c.trackRecord,
  };
}
