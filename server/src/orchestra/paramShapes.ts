/**
 * The parameters of the site's function as the TypeScript checker types them, described as
 * plain shapes (consensus/typeShapes.ts) for probe inputs: primitives, literal types and
 * their unions, enums (as the union of their members' values), arrays, tuples, object
 * shapes and interfaces (their properties, optional ones marked). Functions, class
 * instances with constructors, and anything deeper than a few levels stay 'unknown'. Runs
 * in the worker thread (workers/tasks.ts) on the file with one candidate spliced in.
 */
import ts from 'typescript';
import type { ParamShape, TypeShape } from '../consensus/typeShapes';
import { TypeCheckSession } from './typecheck';

const MAX_PROPS = 12;
const MAX_UNION = 12;
const MAX_DEPTH = 4;

function functionNamed(sf: ts.SourceFile, name: string): ts.SignatureDeclaration | undefined {
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) && s.name?.text === name) return s;
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer
          && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) return d.initializer;
      }
    }
  }
  return undefined;
}

function describe(checker: ts.TypeChecker, type: ts.Type, at: ts.Node, depth: number): TypeShape {
  if (depth > MAX_DEPTH) return { kind: 'unknown' };
  const f = type.flags;
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never | ts.TypeFlags.TypeParameter)) return { kind: 'unknown' };
  if (type.isStringLiteral()) return { kind: 'literal', value: type.value };
  if (type.isNumberLiteral()) return { kind: 'literal', value: type.value };
  if (f & ts.TypeFlags.BooleanLiteral) return { kind: 'literal', value: (type as unknown as { intrinsicName: string }).intrinsicName === 'true' };
  if (f & ts.TypeFlags.String || f & ts.TypeFlags.TemplateLiteral) return { kind: 'string' };
  if (f & ts.TypeFlags.Number) return { kind: 'number' };
  if (f & ts.TypeFlags.Boolean) return { kind: 'boolean' };
  if (f & (ts.TypeFlags.BigInt | ts.TypeFlags.BigIntLiteral)) return { kind: 'bigint' };
  if (f & ts.TypeFlags.Null) return { kind: 'null' };
  if (f & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return { kind: 'undefined' };
  if (type.isUnion()) {
    const members = type.types.slice(0, MAX_UNION).map((t) => describe(checker, t, at, depth + 1));
    // `true | false` is how the checker spells boolean inside a union.
    const lits = members.filter((m) => m.kind === 'literal' && typeof m.value === 'boolean');
    const rest = members.filter((m) => !(m.kind === 'literal' && typeof m.value === 'boolean'));
    const of = lits.length === 2 ? [...rest, { kind: 'boolean' } as TypeShape] : members;
    return of.length === 1 ? of[0] : { kind: 'union', of };
  }
  if (checker.isTupleType(type)) {
    return { kind: 'tuple', of: checker.getTypeArguments(type as ts.TypeReference).map((t) => describe(checker, t, at, depth + 1)) };
  }
  if (checker.isArrayType(type)) {
    const [el] = checker.getTypeArguments(type as ts.TypeReference);
    return { kind: 'array', of: el ? describe(checker, el, at, depth + 1) : { kind: 'unknown' } };
  }
  if (f & ts.TypeFlags.Object) {
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return { kind: 'unknown' };
    const symbol = type.getSymbol();
    // Class instances (and built-ins like Date, Map) cannot be built from their properties.
    if (symbol && symbol.flags & ts.SymbolFlags.Class) return { kind: 'unknown' };
    if (symbol && /^(Date|Map|Set|WeakMap|WeakSet|RegExp|Promise|Function)$/.test(symbol.name)) return { kind: 'unknown' };
    const props: { name: string; shape: TypeShape; optional: boolean }[] = [];
    for (const p of checker.getPropertiesOfType(type).slice(0, MAX_PROPS)) {
      const pt = checker.getTypeOfSymbolAtLocation(p, at);
      if (pt.getCallSignatures().length > 0) continue; // methods: not data
      const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
      const shape = describe(checker, optional ? checker.getNonNullableType(pt) : pt, at, depth + 1);
      props.push({ name: p.name, shape, optional });
    }
    if (props.length === 0) {
      const index = checker.getIndexInfosOfType(type)[0];
      if (index) return { kind: 'object', props: [{ name: 'key', shape: describe(checker, index.type, at, depth + 1), optional: true }] };
    }
    return { kind: 'object', props };
  }
  return { kind: 'unknown' };
}

/** The parameters of `entryPoint` in `program`'s `fileName`, or undefined when it is not found. */
export function describeParams(program: ts.Program, fileName: string, entryPoint: string): ParamShape[] | undefined {
  const sf = program.getSourceFile(fileName);
  if (!sf) return undefined;
  const fn = functionNamed(sf, entryPoint);
  if (!fn) return undefined;
  const checker = program.getTypeChecker();
  return fn.parameters.map((p) => {
    const optional = p.questionToken !== undefined || p.initializer !== undefined;
    let t = checker.getTypeAtLocation(p);
    if (optional) t = checker.getNonNullableType(t);
    const shape = p.dotDotDotToken ? { kind: 'unknown' as const } : describe(checker, t, p, 0);
    return { name: p.name.getText(sf), shape, optional };
  });
}

/** The checker's shapes of `entryPoint`'s parameters in `text` (a TS file); undefined for JS or when unavailable. */
export function paramShapesOf(fileName: string, text: string, entryPoint: string): ParamShape[] | undefined {
  if (/\.(c|m)?jsx?$/i.test(fileName)) return undefined;
  const session = new TypeCheckSession(fileName, text);
  try {
    const p = session.programFor(text);
    return p ? describeParams(p.program, p.fileName, entryPoint) : undefined;
  } finally {
    session.dispose();
  }
}
