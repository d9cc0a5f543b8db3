/**
 * Code normalisation for textual comparison: candidates that differ only in whitespace,
 * comments, semicolons or quote style normalise to the same text. Parsing and printing
 * go through the TypeScript compiler API; code that does not parse falls back to a
 * regex normaliser. `textSimilarity` is a token-level agreement in [0, 1].
 */
import * as ts from 'typescript';

interface WithParseDiagnostics { parseDiagnostics?: readonly ts.Diagnostic[] }

/** Parses `code` as JavaScript/TypeScript; undefined when there are syntax errors. */
export function parseSource(code: string, fileName = 'candidate.ts'): ts.SourceFile | undefined {
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const diags = (sf as unknown as WithParseDiagnostics).parseDiagnostics ?? [];
  return diags.length === 0 ? sf : undefined;
}

/** Rewrites every string literal so the printer emits one quote style. */
function unifyQuotes(ctx: ts.TransformationContext) {
  const visit = (node: ts.Node): ts.Node => {
    if (ts.isStringLiteral(node)) return ts.factory.createStringLiteral(node.text);
    if (ts.isNoSubstitutionTemplateLiteral(node) && !ts.isTaggedTemplateExpression(node.parent)) {
      return ts.factory.createStringLiteral(node.text);
    }
    return ts.visitEachChild(node, visit, ctx);
  };
  return (sf: ts.SourceFile) => ts.visitNode(sf, visit) as ts.SourceFile;
}

/** Regex fallback: strip comments, unify quotes and collapse whitespace and semicolons. */
export function regexNormalize(code: string): string {
  const text = code
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/'((?:[^'\\\n]|\\.)*)'/g, (_m, s: string) => JSON.stringify(s.replace(/\\'/g, "'")))
    .replace(/;/g, '\n')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{}()[\],=<>+\-*/%!&|?:])\s*/g, '$1')
    .trim();
  return text;
}

export interface Normalized {
  text: string;
  /** True when the TypeScript parser accepted the code. */
  parsed: boolean;
}

/** Canonical text of `code` for comparison (never for execution). */
export function normalizeCode(code: string): Normalized {
  const sf = parseSource(code);
  if (!sf) return { text: regexNormalize(code), parsed: false };
  const out = ts.transform(sf, [unifyQuotes]);
  try {
    const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
    // The printer keeps single-line/multi-line block layout from the source, so the
    // printed text is re-joined token by token.
    const text = codeTokens(printer.printFile(out.transformed[0])).join(' ');
    return { text, parsed: true };
  } finally {
    out.dispose();
  }
}

/** The code's tokens, without trivia (comments, whitespace) or semicolons. */
export function codeTokens(code: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
  const tokens: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SemicolonToken) continue;
    if (kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral) {
      tokens.push(JSON.stringify(scanner.getTokenValue()));
    } else {
      tokens.push(scanner.getTokenText());
    }
  }
  return tokens;
}

function bag(items: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) m.set(it, (m.get(it) ?? 0) + 1);
  return m;
}

/** The multiset of a code's token unigrams and bigrams, compared by `bagSimilarity`. */
export type TokenBag = Map<string, number>;

/** `code`'s token bag (one scan); reuse it to compare one code with many. */
export function tokenBag(code: string): TokenBag {
  const t = codeTokens(code);
  return bag([...t, ...t.slice(1).map((x, i) => `${t[i]}\u0000${x}`)]);
}

/** Multiset Jaccard of two token bags; two empty bags give 1. */
export function bagSimilarity(ba: TokenBag, bb: TokenBag): number {
  let inter = 0;
  let union = 0;
  for (const [k, n] of ba) {
    const m = bb.get(k) ?? 0;
    inter += Math.min(n, m);
    union += Math.max(n, m);
  }
  for (const [k, m] of bb) if (!ba.has(k)) union += m;
  return union === 0 ? 1 : inter / union;
}

/**
 * Token-level similarity in [0, 1]: multiset Jaccard over token unigrams and bigrams
 * (bigrams keep some order). Identical token streams give 1.
 */
export function textSimilarity(a: string, b: string): number {
  return bagSimilarity(tokenBag(a), tokenBag(b));
}
