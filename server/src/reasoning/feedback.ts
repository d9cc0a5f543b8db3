/**
 * Structured repair feedback from a selection outcome: what the winner got wrong that
 * the prompt itself can show — parse and type diagnostics, the prompt's doc examples it
 * does not reproduce (input, expected, actual), probe inputs on which it threw or timed
 * out. Hidden tests never appear here. `feedbackMessage` renders it as the user turn of
 * a repair prompt; items are ordered and capped so the message stays small.
 */
import { parsesAsFragment } from '../quality/fromSelection';
import { LOAD_ERROR } from '../consensus/cluster';
import type { SelectionOutcome } from './outcome';

export type FeedbackKind = 'parse' | 'type' | 'load' | 'doc-example' | 'exception' | 'timeout';

export interface FeedbackItem {
  kind: FeedbackKind;
  message: string;
  /** The call that failed, e.g. `f([1, 2])`. */
  input?: string;
  expected?: string;
  actual?: string;
  exception?: string;
  line?: number;
}

export interface RepairFeedback {
  entryPoint: string;
  /** The code the feedback is about. */
  code: string;
  items: FeedbackItem[];
}

const MAX_ITEMS = 5;
const MAX_FIELD = 300;

const clip = (s: string) => (s.length > MAX_FIELD ? `${s.slice(0, MAX_FIELD)}…` : s);

function renderArg(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return JSON.stringify(v) ?? String(v);
}

export const renderCall = (entryPoint: string, args: unknown[]) => clip(`${entryPoint}(${args.map(renderArg).join(', ')})`);

/** Everything the winner of `o` visibly gets wrong (empty when nothing does). */
export function buildFeedback(o: SelectionOutcome): RepairFeedback {
  const items: FeedbackItem[] = [];
  const { inputs, expected } = o.consensus;
  const winner = o.consensus.selection.winner.cluster;
  if (!parsesAsFragment(o.code)) items.push({ kind: 'parse', message: 'The code does not parse.' });
  for (const d of o.typeDiagnostics ?? []) {
    items.push({ kind: 'type', message: clip(`${d.code ? `${d.code}: ` : ''}${d.message}`), line: d.line });
  }
  if (winner.signature === LOAD_ERROR && items.every((i) => i.kind !== 'parse')) {
    items.push({ kind: 'load', message: `The code failed to load, or does not define \`${o.entryPoint}\` as a function.` });
  }
  const docFirst = inputs.map((_, i) => i).sort((a, b) => Number(inputs[b].source !== 'generated') - Number(inputs[a].source !== 'generated') || a - b);
  for (const i of docFirst) {
    const r = winner.results[i];
    if (!r) continue;
    const input = renderCall(o.entryPoint, inputs[i].args);
    // An input every candidate rejected alike (and no example says otherwise) is not a fault of this one.
    if (r.status === 'threw' && o.consensus.neutral?.[i] && expected[i] === undefined) continue;
    if (r.status === 'threw') {
      items.push({ kind: 'exception', message: `Calling ${input} threw.`, input, exception: clip(r.error ?? 'an exception') });
    } else if (r.status === 'timeout') {
      items.push({ kind: 'timeout', message: `Calling ${input} did not finish in time (infinite loop?).`, input });
    } else if (r.status === 'ok' && expected[i] !== undefined && r.value !== expected[i]) {
      items.push({ kind: 'doc-example', message: inputs[i].source === 'test' ? 'An example asserted by an existing test is not reproduced.' : `The example in the prompt is not reproduced.`, input, expected: clip(expected[i]!), actual: clip(r.value ?? '') });
    }
  }
  return { entryPoint: o.entryPoint, code: o.code, items: items.slice(0, MAX_ITEMS) };
}

/** True when the feedback names a concrete failure a model can act on. */
export const hasFeedback = (f: RepairFeedback) => f.items.length > 0;

function renderItem(it: FeedbackItem, n: number): string {
  const lines = [`${n}. [${it.kind}] ${it.message}`];
  if (it.line !== undefined) lines.push(`   line: ${it.line}`);
  if (it.input !== undefined) lines.push(`   input: ${it.input}`);
  if (it.expected !== undefined) lines.push(`   expected: ${it.expected}`);
  if (it.actual !== undefined) lines.push(`   actual: ${it.actual}`);
  if (it.exception !== undefined) lines.push(`   exception: ${it.exception}`);
  return lines.join('\n');
}

/** The repair request, as the user turn that follows the model's previous answer. */
export function feedbackMessage(f: RepairFeedback): string {
  return [
    `Your implementation of \`${f.entryPoint}\` fails these checks:`,
    ...f.items.map((it, i) => renderItem(it, i + 1)),
    'Fix the code so that every check passes, keeping the same signature. Reply with the complete corrected function only.',
  ].join('\n');
}
