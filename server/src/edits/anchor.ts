/**
 * Re-anchoring: a generated edit is valid only for the document version it was computed
 * for. If the document moved on, find the site's original text (with the context stored
 * around it) in the current text; accept only an unambiguous match, never apply blindly.
 */
import type { GenerateResult, ReanchorResult } from '../protocol';
import { LineMap } from '../util/lineMap';

type Anchorable = Pick<GenerateResult, 'code' | 'site' | 'edit'>;

/** Context lengths tried, longest first: each must match exactly once. */
const CONTEXT_STEPS = [Infinity, 40, 16];

export function reanchor(currentText: string, currentVersion: number, result: Anchorable): ReanchorResult {
  const { edit, site } = result;
  if (currentVersion === edit.textDocument.version) return { ok: true, edit };
  if (edit.edits.length !== 1) return { ok: false, reason: 'The edit has several parts and the document changed; run Generate again.' };
  const changed = site.kind === 'empty-body' || site.kind === 'stub-body' || site.kind === 'todo-comment'
    ? 'The function body changed since generation started; run Generate again.'
    : 'The code at the generation site changed since generation started; run Generate again.';

  const before = site.anchor?.before ?? '';
  const after = site.anchor?.after ?? '';
  for (const n of CONTEXT_STEPS) {
    const b = n === Infinity ? before : before.slice(Math.max(0, before.length - n));
    const a = n === Infinity ? after : after.slice(0, n);
    if (site.originalText.length + b.length + a.length < 8) break;
    const hits = occurrences(currentText, b + site.originalText + a);
    if (hits.length === 1) {
      const start = hits[0] + b.length;
      const lines = new LineMap(currentText);
      const range = { start: lines.positionAt(start), end: lines.positionAt(start + site.originalText.length) };
      return {
        ok: true,
        edit: { textDocument: { uri: edit.textDocument.uri, version: currentVersion }, edits: [{ range, newText: edit.edits[0].newText }] },
      };
    }
    if (hits.length > 1) {
      return { ok: false, reason: `The generation site can no longer be located unambiguously (${hits.length} matches); run Generate again.` };
    }
  }
  return { ok: false, reason: changed };
}

function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i !== -1 && out.length < 10; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}
