/**
 * Types of site prediction: where the user is likely to ask for code next, and why.
 * Pure data; no LSP connection types (Position/Range are plain protocol shapes).
 */
import type { Position, Range } from 'vscode-languageserver-protocol';
import type { SiteKind } from '../protocol';

/** findSite's kinds (minus 'selection') plus the kinds only prediction knows. */
export type PredictedSiteKind =
  | Exclude<SiteKind, 'selection'>
  | 'signature-typed'
  | 'missing-member'
  | 'missing-test'
  | 'missing-function';

/**
 * How a prediction becomes a generation request:
 * - 'site': `findSite(text, file, { position })` resolves it (body, stub, comment);
 * - 'insert': new declarations inserted at `range` (empty), guided by `intent`;
 * - 'test': a test for `symbol`, written to `testFile` (or a new sibling test file).
 */
export type PredictionTarget = 'site' | 'insert' | 'test';

export interface PredictedSite {
  kind: PredictedSiteKind;
  /** Where generate would be invoked (for 'site' targets, findSite resolves this position). */
  position: Position;
  /** The range generated code replaces (empty = insertion point). For 'test', the function under test. */
  range: Range;
  symbol?: string;
  intent: string;
  target: PredictionTarget;
  /** The test file the 'missing-test' target goes to, when one was passed in. */
  testFile?: string;
  /** Higher = more likely asked next. Deterministic for the same inputs. */
  score: number;
  /** Human-readable reasons behind the score and the kind. */
  reasons: string[];
  /** Offsets of `range` and of the declaration the site belongs to (used by ranking and cache keys). */
  offsets: { start: number; end: number; declStart: number; declEnd: number };
}

export interface RecentEdit {
  /** Offset in the current text where the edit landed. */
  offset: number;
  /** When it happened (same clock as `now`). */
  time: number;
}

export interface AcceptanceStats { accepted: number; shown: number }

export interface PredictOptions {
  /** The cursor, as an offset or a position. */
  cursor?: number | Position;
  recentEdits?: RecentEdit[];
  acceptedByKind?: Partial<Record<PredictedSiteKind | string, AcceptanceStats>>;
  /** Clock for edit recency (ms). Required for recency to count; defaults to the newest edit time. */
  now?: number;
  /** Text of the sibling test file, when known: an exported function is tested if its name appears there. */
  testFile?: { fileName: string; text: string };
  /** At most this many sites (default 20). */
  limit?: number;
}

/** A site before ranking. */
export interface Candidate {
  kind: PredictedSiteKind;
  start: number;
  end: number;
  /** Offset generate would be invoked at. */
  at: number;
  declStart: number;
  declEnd: number;
  symbol?: string;
  intent: string;
  target: PredictionTarget;
  testFile?: string;
  reasons: string[];
}
