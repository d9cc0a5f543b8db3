/**
 * Model text -> code for the site. A chain of small pure stages:
 * bounds (answerBounds.ts) -> fence selection -> signature unwrapping (body sites) -> dedent -> re-indent.
 * An answer too long or too deeply nested for the later stages throws an AnswerLimitError.
 */
import ts from 'typescript';
import { parseSource } from '../context/syntax';
import { checkAnswerText, parseAnswer } from './answerBounds';

export interface ExtractTarget {
  shape: 'body' | 'lines' | 'selection';
  /** Indentation for every generated line. */
  indent: string;
  /** Target symbol, used to recognise a repeated function wrapper. */
  symbol?: string;
}

const CODE_LANGS = new Set(['', 'ts', 'typescript', 'js', 'javascript', 'tsx', 'jsx']);

/** The code inside the first TS/JS (or unlabelled) fence; the whole text when there is no fence. */
export function pickFence(text: string): string {
  const fence = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)(?:^[ \t]*\1[ \t]*$|(?![\s\S]))/gm;
  let first: string | undefined;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    first ??= m[3];
    if (CODE_LANGS.has(m[2].toLowerCase())) return trimBlankLines(m[3]);
  }
  return trimBlankLines(first ?? text);
}

/** For body sites: if the model repeated the whole function, keep only its body statements. */
export function unwrapFunction(code: string, symbol?: string): string {
  const sf = parseSource(code, 'answer.ts');
  const body = wrapperBody(sf, symbol) ?? methodWrapperBody(code, symbol);
  if (!body) return code;
  const inner = body.getSourceFile().text.slice(body.getStart() + 1, body.end - 1);
  return trimBlankLines(inner);
}

function wrapperBody(sf: ts.SourceFile, symbol?: string): ts.Block | undefined {
  if (sf.statements.length !== 1) return undefined;
  const s = sf.statements[0];
  const named = (name: string | undefined) => symbol === undefined || name === undefined || name === symbol;
  if (ts.isFunctionDeclaration(s) && s.body && named(s.name?.text)) return s.body;
  if (ts.isVariableStatement(s) && s.declarationList.declarations.length === 1) {
    const d = s.declarationList.declarations[0];
    const init = d.initializer;
    if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && ts.isBlock(init.body) &&
      ts.isIdentifier(d.name) && named(d.name.text)) return init.body;
  }
  return undefined;
}

/** `name(args) { ... }` (a method as written inside a class) parses only inside a class body. */
function methodWrapperBody(code: string, symbol?: string): ts.Block | undefined {
  if (!symbol) return undefined;
  const sf = parseSource(`class __W {\n${code}\n}`, 'answer.ts');
  const cls = sf.statements[0];
  if (sf.statements.length !== 1 || !ts.isClassDeclaration(cls) || cls.members.length !== 1) return undefined;
  const m = cls.members[0];
  if ((ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.body &&
    (ts.isConstructorDeclaration(m) ? symbol === 'constructor' : m.name.getText(sf) === symbol)) return m.body;
  return undefined;
}

/** Removes the common leading whitespace of the non-blank lines. */
export function dedent(code: string): string {
  const lines = code.split('\n');
  const widths = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = widths.length ? Math.min(...widths) : 0;
  return lines.map((l) => (l.trim() ? l.slice(common) : '')).join('\n');
}

export function reindent(code: string, indent: string): string {
  return code.split('\n').map((l) => (l.trim() ? indent + l.replace(/\s+$/, '') : '')).join('\n');
}

export function extractCode(modelText: string, target: ExtractTarget): string {
  checkAnswerText(modelText);
  let code = pickFence(modelText.replace(/\r\n/g, '\n'));
  parseAnswer(code); // every later parse, print and check of this code stays within the bounds
  if (target.shape === 'body') code = unwrapFunction(code, target.symbol);
  return reindent(dedent(code), target.indent);
}

function trimBlankLines(s: string): string {
  return s.replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
}
