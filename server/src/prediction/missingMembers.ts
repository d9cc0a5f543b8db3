/**
 * Declared-but-unimplemented members: a class that `implements` an interface declared in
 * the same file (or extends a local abstract class) but lacks some of its members.
 * One candidate per missing member, inserted before the class's closing brace.
 */
import ts from 'typescript';
import { lineIndent } from '../context/syntax';
import type { Candidate } from './types';

type Member = { name: string; text: string; from: string };

export function missingMemberCandidates(sf: ts.SourceFile): Candidate[] {
  const interfaces = new Map<string, ts.InterfaceDeclaration[]>();
  const classes = new Map<string, ts.ClassDeclaration>();
  const visit = (n: ts.Node): void => {
    if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, [...(interfaces.get(n.name.text) ?? []), n]);
    if (ts.isClassDeclaration(n) && n.name) classes.set(n.name.text, n);
    n.forEachChild(visit);
  };
  visit(sf);
  const out: Candidate[] = [];
  for (const cls of classes.values()) {
    if (isAbstract(cls)) continue;
    const have = implementedNames(cls, classes);
    const wanted: Member[] = [];
    for (const name of heritageNames(cls, ts.SyntaxKind.ImplementsKeyword)) {
      wanted.push(...interfaceMembers(name, interfaces, new Set()));
    }
    wanted.push(...abstractMembers(cls, classes));
    const insertAt = closingLineStart(sf, cls);
    const seen = new Set<string>();
    for (const m of wanted) {
      if (have.has(m.name) || seen.has(m.name)) continue;
      seen.add(m.name);
      const className = cls.name!.text;
      out.push({
        kind: 'missing-member', start: insertAt, end: insertAt, at: insertAt,
        declStart: cls.getStart(sf), declEnd: cls.end, symbol: `${className}.${m.name}`,
        intent: `Implement \`${m.text}\` (declared in \`${m.from}\`) in class \`${className}\``,
        target: 'insert', reasons: [`\`${m.name}\` of ${m.from} is not implemented by ${className}`],
      });
    }
  }
  return out;
}

function isAbstract(cls: ts.ClassDeclaration): boolean {
  return ts.getModifiers(cls)?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword) ?? false;
}

function heritageNames(cls: ts.ClassDeclaration | ts.InterfaceDeclaration, token: ts.SyntaxKind): string[] {
  const out: string[] = [];
  for (const h of cls.heritageClauses ?? []) {
    if (h.token !== token) continue;
    for (const t of h.types) if (ts.isIdentifier(t.expression)) out.push(t.expression.text);
  }
  return out;
}

function memberName(m: ts.ClassElement | ts.TypeElement | ts.ParameterDeclaration): string | undefined {
  const n = m.name;
  if (n && (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isPrivateIdentifier(n) || ts.isNumericLiteral(n))) return n.text;
  return undefined;
}

/** Names the class (and its local base classes) already provide, parameter properties included. */
function implementedNames(cls: ts.ClassDeclaration, classes: Map<string, ts.ClassDeclaration>): Set<string> {
  const names = new Set<string>();
  for (let c: ts.ClassDeclaration | undefined = cls, depth = 0; c && depth < 16; depth++) {
    for (const m of c.members) {
      const abstract = ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.AbstractKeyword);
      const name = memberName(m);
      if (name && !abstract) names.add(name);
      if (ts.isConstructorDeclaration(m)) {
        for (const p of m.parameters) {
          const n = memberName(p);
          if (n && ts.getModifiers(p)?.length) names.add(n);
        }
      }
    }
    const base: string | undefined = heritageNames(c, ts.SyntaxKind.ExtendsKeyword)[0];
    c = base ? classes.get(base) : undefined;
  }
  return names;
}

function interfaceMembers(name: string, interfaces: Map<string, ts.InterfaceDeclaration[]>, seen: Set<string>): Member[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const out: Member[] = [];
  for (const decl of interfaces.get(name) ?? []) {
    for (const m of decl.members) {
      const n = memberName(m);
      if (!n || (ts.isPropertySignature(m) || ts.isMethodSignature(m)) && m.questionToken) continue;
      if (!ts.isPropertySignature(m) && !ts.isMethodSignature(m)) continue;
      out.push({ name: n, text: m.getText().replace(/;$/, ''), from: name });
    }
    for (const base of heritageNames(decl, ts.SyntaxKind.ExtendsKeyword)) out.push(...interfaceMembers(base, interfaces, seen));
  }
  return out;
}

/** Abstract members of local base classes that no class in the chain implements. */
function abstractMembers(cls: ts.ClassDeclaration, classes: Map<string, ts.ClassDeclaration>): Member[] {
  const out: Member[] = [];
  let base: string | undefined = heritageNames(cls, ts.SyntaxKind.ExtendsKeyword)[0];
  for (let depth = 0; base && classes.has(base) && depth < 16; depth++) {
    const b: ts.ClassDeclaration = classes.get(base)!;
    for (const m of b.members) {
      const abstract = ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.AbstractKeyword);
      const n = memberName(m);
      if (abstract && n) out.push({ name: n, text: m.getText().replace(/^abstract\s+/, '').replace(/;$/, ''), from: base });
    }
    base = heritageNames(b, ts.SyntaxKind.ExtendsKeyword)[0];
  }
  return out;
}

/** Start of the closing brace's line when it stands alone, else the brace itself. */
function closingLineStart(sf: ts.SourceFile, cls: ts.ClassDeclaration): number {
  const brace = cls.end - 1;
  const text = sf.text;
  const lineStart = text.lastIndexOf('\n', brace - 1) + 1;
  return lineIndent(text, brace).length === brace - lineStart ? lineStart : brace;
}
