/**
 * Predictive pre-generation messages (issue 5): the cursor hint, inline completions served
 * only from the snippet cache, acceptance feedback, and the metrics/status of the cache and
 * the background scheduler. Part of the one protocol module (re-exported by index.ts).
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Position, Range } from 'vscode-languageserver-protocol';
import type { SiteKind, WeaverErrorData } from './index';

/**
 * Key under `ClientCapabilities.experimental` a client sets to `true` when it can use
 * pre-generated results (it serves inline completions / shows the status). The server
 * spends background tokens only for such clients, and only when the setting allows it.
 */
export const PREGEN_CLIENT_CAPABILITY = 'weavergenPregeneration';

/** The editor's cursor moved (throttled by the client). Feeds site ranking and the idle trigger. */
export interface CursorParams {
  textDocument: { uri: string; version: number };
  position: Position;
}

export interface InlineCompletionParams {
  textDocument: { uri: string; version: number };
  position: Position;
}

/** One pre-generated body offered as ghost text. Valid only for `version`. */
export interface PregenInlineItem {
  /** Replaces `range` (the site's current range). */
  insertText: string;
  range: Range;
  version: number;
  quality: number;
  fromCache: true;
  kind: SiteKind;
  symbol?: string;
  /** Opaque cache key; send it back in `PregenAcceptedParams` when the item is used. */
  key: string;
}

export interface InlineCompletionResult { items: PregenInlineItem[] }

/** A pre-generated result was applied by the user (inline completion or code action). */
export interface PregenAcceptedParams {
  uri: string;
  kind: string;
  /** The cache key from the item or code action, when known. */
  key?: string;
}

export interface LatencyStats { count: number; p50: number; p95: number }

/** One long main-thread block seen while background work ran (pregen/loopMonitor.ts). */
export interface MainThreadBlock {
  /** How long the event loop was held, at least (the monitor's timer was late by this much), in ms. */
  ms: number;
  /** Stage labels marked while it was held, in order, joined by ' > ' (util/mainThreadStage.ts). */
  stages: string;
  /** When it ended, in ms since the server started. */
  at: number;
  /**
   * Of the tick's time, how long the event loop was running code (event-loop utilization):
   * close to the block's length when the server's own code (or GC) held it; small when the
   * thread was ready but waiting for a CPU (other processes' load).
   */
  busyMs?: number;
  /** Garbage-collection pauses of the main thread inside the block, in ms. */
  gcMs?: number;
}

/** Event-loop blocking while background pre-generation work runs. */
export interface MainThreadBlocking {
  /** Time the monitor watched (background work running), in ms. */
  monitoredMs: number;
  /** Tick of the monitor's timer and the smallest lateness recorded as a block, in ms. */
  intervalMs: number;
  thresholdMs: number;
  /** Blocks of at least `thresholdMs`, their longest and their sum. */
  blocks: number;
  /** Of those, blocks during which the loop itself was busy for at least `thresholdMs` (the server's own work, not CPU contention). */
  busyBlocks?: number;
  maxMs: number;
  totalBlockedMs: number;
  /** The longest blocks, longest first. */
  longest: MainThreadBlock[];
  /** Garbage-collection pauses while watched: count, longest, and how many took >= `thresholdMs`. */
  gc: { count: number; maxMs: number; slow: number; byKind?: Record<string, { count: number; maxMs: number }> };
  /** Timed synchronous steps by label (all of them, background or not), slowest first. */
  stages: { label: string; count: number; maxMs: number; slow: number }[];
}

export interface PregenMetrics {
  /** Setting AND client capability: background work may run. */
  enabled: boolean;
  hits: number;
  misses: number;
  hitRate: number;
  hitLatencyMs: LatencyStats;
  missLatencyMs: LatencyStats;
  /** Tokens spent on pre-generations never served / all tokens spent. */
  wasteRatio: number;
  tokensSpent: number;
  wastedTokens: number;
  cacheBytes: number;
  cacheEntries: number;
  running: number;
  queued: number;
  /** User requests in progress (background paused). */
  foreground: number;
  budget: { providerId: string; limit: number; used: number; left: number }[];
  jobs: { completed: number; skipped: number; cancelled: number; failed: number };
  lastSkip?: string;
  inline: { shown: number; misses: number; belowThreshold: number };
  /** Main-thread blocks while background work ran; absent when nothing was monitored yet. */
  mainThread?: MainThreadBlocking;
  /** Where background jobs run: a worker thread at low priority, or in-process (with why). */
  backgroundThread?: { mode: 'worker' | 'in-process'; reason?: string };
}

export const CursorNotification = new NotificationType<CursorParams>('weavergen/cursor');
export const InlineCompletionRequest = new RequestType<InlineCompletionParams, InlineCompletionResult, WeaverErrorData>('weavergen/inlineCompletion');
export const PregenAcceptedNotification = new NotificationType<PregenAcceptedParams>('weavergen/pregenAccepted');
export const PregenMetricsRequest = new RequestType<void, PregenMetrics, void>('weavergen/pregenMetrics');
/** Pushed (throttled) whenever background work or the cache changes. */
export const PregenStatusNotification = new NotificationType<PregenMetrics>('weavergen/pregenStatus');

/** Client-side commands of pre-generation (registered by the client, not contributed in package.json). */
export const PregenCommands = {
  /** Arguments: [PregenAcceptedParams]. Run by VS Code after an inline item or code action is applied. */
  accepted: 'weavergen.pregen.accepted',
  /** Returns the current PregenMetrics (used by the status bar and tests). */
  metrics: 'weavergen.pregen.metrics',
} as const;

export const insertPregeneratedTitle = (quality: number): string =>
  `Insert pre-generated implementation (Quality ${Math.round(quality)})`;
