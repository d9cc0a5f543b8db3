/**
 * The target function's parameters as seen in the prompt: names, JSDoc types and a
 * coarse kind guessed from type text or name. Only the prompt is read.
 */
import * as ts from 'typescript';

export type ParamKind = 'int' | 'number' | 'string' | 'bool' | 'array' | 'object' | 'unknown';

export interface ParamInfo {
  name: string;
  kind: ParamKind;
}

function kindFromType(t: string): ParamKind | undefined {
  const s = t.toLowerCase();
  if (/\[\]|array|list|tuple/.test(s)) return 'array';
  if (/string|char/.test(s)) return 'string';
  if (/bool/.test(s)) return 'bool';
  if (/int/.test(s)) return 'int';
  if (/number|float|double/.test(s)) return 'number';
  if (/object|record|map|dict/.test(s)) return 'object';
  return undefined;
}

/** A kind guessed from a parameter's name; 'unknown' when nothing fits. */
export function kindFromName(name: string): ParamKind {
  if (/^(is|has|should)[A-Z_]|flag|bool/i.test(name) && !/^is$/i.test(name)) return 'bool';
  const n = name.toLowerCase();
  if (/arr|list|lst|nums|numbers|array|items|elements|tup|vec|matrix|grid|^l[0-9]*$|^xs$|words|strings|strs|names/.test(n)) return 'array';
  if (/str|text|word|sentence|txt|char|letter|name|^s[0-9]*$|msg|message/.test(n)) return 'string';
  if (/^(n|m|k|i|j|x|y|z|a|b|c|d|p|q|r)[0-9]*$|num|count|len|size|idx|index|int|limit|base|pos|start|end|step|digit|^val/.test(n)) return 'int';
  return 'unknown';
}

function jsDocTypes(prompt: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of prompt.matchAll(/@param\s+\{([^}]*)\}\s+\[?([A-Za-z_$][\w$]*)/g)) out.set(m[2], m[1]);
  return out;
}

function paramsOf(fn: ts.SignatureDeclarationBase, sf: ts.SourceFile, docTypes: Map<string, string>): ParamInfo[] {
  return fn.parameters.map((p) => {
    const name = ts.isIdentifier(p.name) ? p.name.text : p.name.getText(sf);
    const typeText = p.type?.getText(sf) ?? docTypes.get(name);
    const kind = (typeText ? kindFromType(typeText) : undefined) ?? kindFromName(name);
    return { name, kind };
  });
}

/** Parameters of `entryPoint` declared in `prompt` (which may stop after the opening brace). */
export function functionParams(prompt: string, entryPoint: string): ParamInfo[] | undefined {
  const sf = ts.createSourceFile('prompt.ts', `${prompt}\n}`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const docTypes = jsDocTypes(prompt);
  let found: ParamInfo[] | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isFunctionDeclaration(node) && node.name?.text === entryPoint) {
      found = paramsOf(node, sf, docTypes);
      return;
    }
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === entryPoint && node.initializer
      && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) {
      found = paramsOf(node.initializer, sf, docTypes);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
