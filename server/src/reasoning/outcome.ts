/**
 * A selection outcome: what one round of extraction + sandbox + consensus produced,
 * in the consensus and quality modules' own types, plus what the repair loop needs
 * to judge it (the winner's code, its calibrated score, type diagnostics).
 */
import type { Candidate } from '../consensus/types';
import type { ConsensusResult } from '../consensus/run';
import { componentsFromSelection } from '../quality/fromSelection';
import { qualityScore, type QualityScore } from '../quality/score';

/** A type-check (or parse) diagnostic on the winner, as the caller's checker reports it. */
export interface TypeDiagnostic {
  message: string;
  /** 1-based line in the winner's code, when known. */
  line?: number;
  /** e.g. 'TS2322'. */
  code?: string;
}

export interface SelectionOutcome {
  entryPoint: string;
  candidates: Candidate[];
  consensus: ConsensusResult;
  /** Code of the winning cluster's representative. */
  code: string;
  /** Calibrated quality score of the winner, 0..100. */
  quality: QualityScore;
  typeDiagnostics?: TypeDiagnostic[];
}

/** Builds the outcome of a consensus run (scores the winner with the stored quality model). */
export function toSelectionOutcome(
  entryPoint: string, candidates: Candidate[], consensus: ConsensusResult, typeDiagnostics?: TypeDiagnostic[],
): SelectionOutcome {
  const winner = consensus.selection.winner;
  const code = candidates.find((c) => c.id === winner.representative)?.code ?? '';
  const typeChecks = typeDiagnostics === undefined ? undefined : typeDiagnostics.length === 0;
  const quality = qualityScore(componentsFromSelection(winner, code, typeChecks));
  return { entryPoint, candidates, consensus, code, quality, typeDiagnostics };
}

/** Behaviour signature of the winning cluster (equal signatures = same behaviour). */
export function winnerSignature(o: SelectionOutcome): string {
  return o.consensus.selection.winner.cluster.signature;
}

/** Providers in the winning cluster. */
export function winnerProviders(o: SelectionOutcome): string[] {
  return o.consensus.selection.winner.cluster.providers;
}
