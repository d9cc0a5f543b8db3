/**
 * Builds the prompt from real context: the enclosing declaration (signature and JSDoc),
 * the file's imports, the local types it references, and nearby code, trimmed to the
 * token budget (≈ chars/4): nearby code goes first, then unreferenced types.
 * Pure: site + text in, messages out.
 */
import ts from 'typescript';
import type { FoundSite } from './siteFinder';

export interface BuiltPrompt {
  system: string;
  user: string;
  /** Estimated tokens of system + user. */
  tokens: number;
  /** What was dropped to fit the budget, for diagnostics. */
  dropped: string[];
}

export const SYSTEM_PROMPT = [
  'You are WeaverGen, a careful TypeScript/JavaScript code generator working inside an editor.',
  'Answer with exactly one fenced code block (```ts) containing ONLY the code for the requested site:',
  '- for a function body: only the body statements, without the signature or the surrounding braces;',
  '- for an intent comment: the complete declaration(s) that implement it;',
  '- for missing class members: only the member declarations, as written inside the class body;',
  '- for a missing function: the complete function declaration;',
  '- for a selection: only the code that replaces the selection.',
  'Use the existing imports and types; do not repeat them. No explanations outside the code block.',
].join('\n');

const NEARBY_BEFORE = 30;
const NEARBY_AFTER = 15;
export const estimateTokens = (s: string): number => Math.ceil(s.length / 4);

interface TypeDecl { name: string; text: string; referenced: boolean }

export function buildPrompt(text: string, fileName: string, found: FoundSite, maxContextTokens: number): BuiltPrompt {
  const sf = found.sourceFile;
  const imports = sf.statements.filter(ts.isImportDeclaration).map((s) => s.getText(sf));
  const target = targetText(text, found);
  const types = localTypes(sf, `${target}\n${found.site.intent}`);
  const lines = text.split('\n');
  let nearby = nearbyCode(text, lines, found, sf, NEARBY_BEFORE, NEARBY_AFTER);
  const task = taskText(found);
  const dropped: string[] = [];

  const render = (): string => [
    `File: ${fileName}`,
    section('Imports', imports.join('\n')),
    section('Local types', types.map((t) => t.text).join('\n\n')),
    section('Code around the site', nearby),
    section(found.related?.title ?? '', found.related?.text ?? ''),
    section(found.fn ? 'Enclosing declaration' : 'Target', target),
    task,
  ].filter(Boolean).join('\n\n');

  const fits = () => estimateTokens(SYSTEM_PROMPT) + estimateTokens(render()) <= maxContextTokens;
  for (let span = NEARBY_BEFORE; !fits() && nearby; span = Math.floor(span / 2)) {
    nearby = span > 1 ? nearbyCode(text, lines, found, sf, span, Math.floor(span / 2)) : '';
    if (!nearby) dropped.push('nearby code');
  }
  for (const unused of [false, true]) {
    for (let i = types.length - 1; i >= 0 && !fits(); i--) {
      if (types[i].referenced === unused) {
        dropped.push(`type ${types[i].name}`);
        types.splice(i, 1);
      }
    }
  }
  while (!fits() && imports.length) {
    imports.pop();
    if (!dropped.includes('imports')) dropped.push('imports');
  }
  const user = render();
  return { system: SYSTEM_PROMPT, user, tokens: estimateTokens(SYSTEM_PROMPT) + estimateTokens(user), dropped };
}

function section(title: string, body: string): string {
  return body.trim() ? `${title}:\n\`\`\`ts\n${body}\n\`\`\`` : '';
}

/** The enclosing declaration with its doc comment, or the comment/selection itself. */
function targetText(text: string, f: FoundSite): string {
  if (f.fn) return dedentBlock(text.slice(f.fn.start, f.fn.end), text, f.fn.start);
  if (f.shape === 'selection') return f.site.originalText;
  return '';
}

function dedentBlock(block: string, text: string, start: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return block.split('\n').map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n');
}

function taskText(f: FoundSite): string {
  const sym = f.site.symbol ? ` \`${f.site.symbol}\`` : '';
  const intent = `Intent: ${f.site.intent}`;
  if (f.shape === 'body') {
    return `Task: write the body of${sym || ' the function'} (signature: \`${f.fn?.signature ?? ''}\`).\n${intent}\n` +
      'Reply with one ```ts block holding only the body statements.';
  }
  if (f.site.kind === 'missing-member') {
    return `Task: add the missing members to class${sym}, inserted before its closing brace.\n${intent}\n` +
      'Reply with one ```ts block holding only the member declarations (no class wrapper).';
  }
  if (f.site.kind === 'missing-function') {
    return `Task: declare the function${sym}, inserted at the marked line, so that its call sites work.\n${intent}\n` +
      'Reply with one ```ts block holding only the complete function declaration.';
  }
  if (f.shape === 'selection') {
    return `Task: rewrite the selected code${f.fn ? ` inside${sym}` : ''}.\nSelected code:\n\`\`\`ts\n${f.site.originalText}\n\`\`\`\n${intent}\n` +
      'Reply with one ```ts block holding only the replacement code.';
  }
  const where = f.fn ? `inside${sym}, as statements` : 'at the marked line';
  return `Task: write the code for the comment, inserted ${where}.\n${intent}\n` +
    `Reply with one \`\`\`ts block holding only ${f.fn ? 'the statements' : 'the complete declaration(s)'}.`;
}

/** Interfaces, type aliases and enums of the file; referenced ones (transitively) first. */
function localTypes(sf: ts.SourceFile, seed: string): TypeDecl[] {
  const decls = sf.statements
    .filter((s): s is ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.EnumDeclaration =>
      ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s))
    .map((s) => ({ name: s.name.text, text: s.getText(sf), referenced: false }));
  let frontier = seed;
  for (let changed = true; changed;) {
    changed = false;
    for (const d of decls) {
      if (!d.referenced && new RegExp(`\\b${d.name}\\b`).test(frontier)) {
        d.referenced = true;
        changed = true;
        frontier += `\n${d.text}`;
      }
    }
  }
  return [...decls.filter((d) => d.referenced), ...decls.filter((d) => !d.referenced)];
}

/** Lines around the target (imports, type declarations and the target itself excluded), site marked. */
function nearbyCode(text: string, lines: string[], f: FoundSite, sf: ts.SourceFile, before: number, after: number): string {
  const lineOf = (off: number) => text.slice(0, off).split('\n').length - 1;
  const from = f.fn ? lineOf(f.fn.start) : lineOf(f.start);
  const to = f.fn ? lineOf(f.fn.end) : f.shape === 'selection' ? lineOf(f.end) : from - 1;
  const skip = new Set<number>();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s)) {
      for (let l = lineOf(s.getStart(sf)); l <= lineOf(s.end); l++) skip.add(l);
    }
  }
  const pick = (a: number, b: number) => lines.slice(Math.max(0, a), Math.max(0, b)).filter((_, i) => !skip.has(Math.max(0, a) + i));
  const head = pick(from - before, from);
  const tail = pick(to + 1, to + 1 + after);
  const marker = f.fn ? '// <the enclosing declaration, shown below>' : '// <generated code goes here>';
  if (!head.concat(tail).some((l) => l.trim())) return '';
  return [...head, marker, ...tail].join('\n').replace(/^\s*\n/, '').replace(/\n\s*$/, '');
}
