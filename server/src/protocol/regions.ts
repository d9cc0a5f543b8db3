/**
 * Generated regions over LSP: the code WeaverGen inserted, tracked across edits with the
 * evidence of the result that produced it. Re-exported from protocol/index.ts.
 * The server registers a region itself after its own workspace/applyEdit; the client sends
 * RegionAppliedNotification for edits it applied itself (the Generate command).
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Range, TextEdit } from 'vscode-languageserver-protocol';
import type { ConsensusProbe, GenerateResult, WeaverErrorData } from './index';

/** The parts of a GenerateResult a region's evidence is built from. */
export type RegionSource = Pick<GenerateResult, 'provider' | 'providers' | 'recorded' | 'timings'>
  & Partial<Pick<GenerateResult, 'quality' | 'consensus' | 'execution' | 'missing' | 'traceId' | 'fromCache' | 'site'>>;

/** What the code lens and hover say about a region: a compact digest of a GenerateResult. */
export interface RegionSummary {
  /** Chosen provider first, then any other provider whose cluster agreed. */
  providers: string[];
  models: string[];
  recorded: boolean;
  quality?: { score: number; components: Record<string, number> };
  /** Size of the winning cluster and the number of candidates, e.g. 3 of 4. */
  agreement?: { agree: number; total: number };
  probes?: { passed: number; total: number };
  /** Every provider asked, with its outcome. */
  outcomes: { id: string; model: string; status: string; latencyMs: number; inputTokens?: number; outputTokens?: number; error?: string }[];
  /** Checks run on the chosen code, with pass/fail (or skipped + reason). */
  checks: { name: string; outcome: 'pass' | 'fail' | 'skipped'; detail?: string }[];
  timings?: { totalMs: number; contextMs: number; generationMs: number };
  traceId?: string;
  /** True when the winning cluster has runners-up (Show consensus diff is useful). */
  hasAlternatives?: boolean;
  /** What the code was generated for (the site's intent), so Regenerate can ask for it again once the code exists. */
  intent?: string;
  /** The candidates per behavioural cluster (representatives capped in length). */
  clusters?: { id: string; size: number; providers: string[]; behaviour: string; probesPassed: number; probesTotal: number; representative: string; winner: boolean }[];
  /** The probe inputs with each cluster's output on them (the first few of consensus.probes). */
  probeTable?: ConsensusProbe[];
}

export interface GeneratedRegion {
  id: string;
  uri: string;
  /** Where the code is now (moves with edits). */
  range: Range;
  summary: RegionSummary;
  /** The text as inserted. */
  originalText: string;
  /** Share of the original characters edited since insertion (0..n). */
  editedShare: number;
  /** Edited heavily: the evidence no longer describes this code. */
  stale: boolean;
  /** ms since the Unix epoch. */
  createdAt: number;
}

export interface RegionAppliedParams {
  uri: string;
  /** Document version the edit produced (the client's version after applying it). */
  version: number;
  /** The edits exactly as applied (ranges in the version before); the server derives the
   *  inserted code's range and text from them. */
  edits: TextEdit[];
  /** The result the code came from; the server digests it into a RegionSummary. */
  result: RegionSource;
}

export interface RegionsParams {
  uri: string;
}

/** Client commands contributed for the evidence (package.json `contributes.commands`). */
export const EvidenceCommands = {
  /** Opens the evidence webview. Argument: EvidenceArgs (or a trace id string). */
  showEvidence: 'weavergen.showEvidence',
  /** Opens the read-only `weavergen-trace:` text document. Argument: EvidenceArgs (or a trace id string). */
  showTrace: 'weavergen.showTrace',
} as const;

/** Argument of the evidence commands (code lens and hover links pass it). */
export interface EvidenceArgs {
  traceId?: string;
  uri?: string;
  regionId?: string;
}

export const RegionAppliedNotification = new NotificationType<RegionAppliedParams>('weavergen/regionApplied');
export const RegionsRequest = new RequestType<RegionsParams, GeneratedRegion[], WeaverErrorData>('weavergen/regions');
