/**
 * Bounds on model answers before and after they meet the TypeScript parser. A model answer is
 * hostile: `((((…1200 levels…a))))` overflows the parser's recursion, and a tree that parsed can
 * still overflow the printer, transforms and checks that walk it later. So an answer is
 * (1) capped in size, (2) rejected when its bracket nesting is deep (a cheap linear scan, before
 * parsing), (3) parsed with a stack overflow caught, and (4) rejected when its syntax tree is
 * deeper than every later stage can walk (measured without recursion). Each rejection is an
 * AnswerLimitError; the fan-out turns it into that provider's `bad_response`. Pure.
 */
import ts from 'typescript';
import { parseSource } from '../context/syntax';

/** Longest answer we look at, in characters (a generated function is a few KB). */
export const MAX_ANSWER_CHARS = 200_000;
/** Deepest bracket nesting (of ( [ { ) accepted; real code stays far below. */
export const MAX_BRACKET_DEPTH = 100;
/**
 * Deepest syntax tree accepted. On the server's main thread the printer overflows from about
 * 1,500 levels of a member chain and the parser from about 700 nested brackets.
 */
export const MAX_TREE_DEPTH = 250;

export class AnswerLimitError extends Error {
  override readonly name = 'AnswerLimitError';
}
export const isAnswerLimitError = (e: unknown): e is AnswerLimitError => e instanceof AnswerLimitError;

/** Throws when the raw answer is too long or too deeply bracketed to hand to the parser. */
export function checkAnswerText(text: string): void {
  if (text.length > MAX_ANSWER_CHARS) {
    throw new AnswerLimitError(`the answer is too long (${text.length} characters, at most ${MAX_ANSWER_CHARS})`);
  }
  const depth = bracketDepth(text);
  if (depth > MAX_BRACKET_DEPTH) {
    throw new AnswerLimitError(`the answer nests brackets too deeply (${depth} levels, at most ${MAX_BRACKET_DEPTH})`);
  }
}

/**
 * Deepest nesting of ( [ { in `text`, a linear scan that ignores closers without an opener.
 * Brackets inside strings and comments count too: an over-estimate only rejects answers
 * that are absurd anyway.
 */
export function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28 || c === 0x5b || c === 0x7b) { // ( [ {
      if (++depth > max) max = depth;
    } else if ((c === 0x29 || c === 0x5d || c === 0x7d) && depth > 0) depth--; // ) ] }
  }
  return max;
}

/** Depth of the syntax tree under `root`, walked with an explicit stack (no recursion). */
export function treeDepth(root: ts.Node): number {
  let max = 0;
  const stack: [ts.Node, number][] = [[root, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, depth] = top;
    if (depth > max) max = depth;
    ts.forEachChild(node, (child) => { stack.push([child, depth + 1]); });
  }
  return max;
}

/**
 * Parses answer code (checked with checkAnswerText first) and returns its tree; a stack
 * overflow in the parser or a tree deeper than MAX_TREE_DEPTH is an AnswerLimitError.
 */
export function parseAnswer(code: string, fileName = 'answer.ts'): ts.SourceFile {
  checkAnswerText(code);
  let sf: ts.SourceFile;
  try {
    sf = parseSource(code, fileName);
  } catch (e) {
    if (e instanceof RangeError) throw new AnswerLimitError(`the answer is too deeply nested to parse (${e.message})`);
    throw e;
  }
  const depth = treeDepth(sf);
  if (depth > MAX_TREE_DEPTH) {
    throw new AnswerLimitError(`the answer's syntax tree is too deep (${depth} levels, at most ${MAX_TREE_DEPTH})`);
  }
  return sf;
}
