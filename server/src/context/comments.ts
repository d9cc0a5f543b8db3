/** Recognises WeaverGen intent comments and TODO/FIXME comments. Pure. */
import type { Comment } from './syntax';

export interface DirectiveComment extends Comment {
  kind: 'intent' | 'todo';
  /** The text after `weaver:` / `TODO:`. */
  intent: string;
}

const INTENT = /^(?:\/\/|\/\*+)\s*weaver\s*:\s*([\s\S]*?)\s*(?:\*\/)?$/i;
const TODO = /^(?:\/\/|\/\*+)\s*(?:TODO|FIXME)\b\s*(?:\([^)]*\))?\s*:?\s*([\s\S]*?)\s*(?:\*\/)?$/;

export function classifyComment(c: Comment): DirectiveComment | null {
  const intent = INTENT.exec(c.text);
  if (intent) return { ...c, kind: 'intent', intent: tidy(intent[1]) };
  const todo = TODO.exec(c.text);
  if (todo) return { ...c, kind: 'todo', intent: tidy(todo[1]) };
  return null;
}

/** Collapses multi-line block-comment text (leading `*`s) into one line. */
function tidy(text: string): string {
  return text.split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim()).filter(Boolean).join(' ');
}
