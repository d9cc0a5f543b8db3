// Simulated-provider samples from a task's canonical solution, by general AST rewrites
// (never tuned per task): semantics-preserving rewrites (rename locals, requote strings,
// reindent, add a comment) for "correct" samples, and single semantic mutations
// (flip a comparison, swap + and -, off-by-one literal or index, swap && and ||, drop a
// negation or a statement, negate an if, return a neighbouring variable) for wrong ones.
// Only the prompt and the canonical solution are read; mutants are not checked against
// anything hidden: a mutant that still passes simply grades as correct.
import ts from 'typescript';

const SWAP = {
  [ts.SyntaxKind.LessThanToken]: '<=', [ts.SyntaxKind.LessThanEqualsToken]: '<',
  [ts.SyntaxKind.GreaterThanToken]: '>=', [ts.SyntaxKind.GreaterThanEqualsToken]: '>',
  [ts.SyntaxKind.EqualsEqualsEqualsToken]: '!==', [ts.SyntaxKind.ExclamationEqualsEqualsToken]: '===',
  [ts.SyntaxKind.EqualsEqualsToken]: '!=', [ts.SyntaxKind.ExclamationEqualsToken]: '==',
  [ts.SyntaxKind.PlusToken]: '-', [ts.SyntaxKind.MinusToken]: '+', [ts.SyntaxKind.AsteriskToken]: '/',
  [ts.SyntaxKind.AmpersandAmpersandToken]: '||', [ts.SyntaxKind.BarBarToken]: '&&',
};

function parse(code) {
  return ts.createSourceFile('c.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
}
export function parsesOk(code) {
  return (parse(code).parseDiagnostics ?? []).length === 0;
}
function walk(node, fn) {
  fn(node);
  ts.forEachChild(node, (c) => walk(c, fn));
}
function applyEdits(code, edits) {
  let out = code;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Locals declared in the body (start ≥ from) that are safe to rename. */
function localNames(sf, from) {
  const names = new Set();
  const unsafe = new Set();
  walk(sf, (n) => {
    if (n.getStart(sf) < from) return;
    if ((ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isFunctionDeclaration(n)) && n.name && ts.isIdentifier(n.name)) names.add(n.name.text);
    if (ts.isShorthandPropertyAssignment(n)) unsafe.add(n.name.text);
  });
  // Parameters of the prompt's own function stay; so do names used before the body.
  walk(sf, (n) => { if (ts.isIdentifier(n) && n.getStart(sf) < from) unsafe.add(n.text); });
  return [...names].filter((n) => !unsafe.has(n) && n !== 'arguments');
}

function isRenamable(n) {
  const p = n.parent;
  if (!p) return true;
  if (ts.isPropertyAccessExpression(p) && p.name === n) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === n) return false;
  return true;
}

const STYLES = [(n) => `${n}_`, (n) => `_${n}`, (n, i) => `v${i}${n.slice(0, 1).toUpperCase()}`, (n) => `my${n[0].toUpperCase()}${n.slice(1)}`];

/** A semantics-preserving rewrite of the body of `prompt + body`. Returns the new body. */
export function rewriteBody(prompt, body, rand) {
  const full = prompt + body;
  const sf = parse(full);
  const from = prompt.length;
  const style = STYLES[Math.floor(rand() * STYLES.length)];
  const names = localNames(sf, from).filter(() => rand() < 0.8);
  const map = new Map(names.map((n, i) => [n, style(n, i)]));
  const requote = rand() < 0.5;
  const edits = [];
  walk(sf, (n) => {
    if (n.getStart(sf) < from) return;
    if (ts.isIdentifier(n) && map.has(n.text) && isRenamable(n)) edits.push({ start: n.getStart(sf), end: n.getEnd(), text: map.get(n.text) });
    if (requote && ts.isStringLiteral(n)) edits.push({ start: n.getStart(sf), end: n.getEnd(), text: JSON.stringify(n.text) });
  });
  let out = applyEdits(full, edits).slice(from);
  if (rand() < 0.5) out = out.replace(/^( +)/gm, (s) => s + s);
  if (rand() < 0.4) out = `  // simulated sample\n${out}`;
  if (rand() < 0.3) out = out.replace(/\n\s*\n/g, '\n');
  return parsesOk(prompt + out) ? out : body;
}

/** Every single-edit mutation site in the body. */
function mutationSites(sf, from) {
  const sites = [];
  const declared = [];
  walk(sf, (n) => { if (ts.isIdentifier(n) && (ts.isParameter(n.parent) || ts.isVariableDeclaration(n.parent)) && n.parent.name === n) declared.push(n.text); });
  walk(sf, (n) => {
    const start = n.getStart(sf);
    if (start < from) return;
    if (ts.isBinaryExpression(n) && SWAP[n.operatorToken.kind]) {
      sites.push({ start: n.operatorToken.getStart(sf), end: n.operatorToken.getEnd(), text: SWAP[n.operatorToken.kind] });
    } else if (ts.isNumericLiteral(n)) {
      const v = Number(n.text);
      sites.push({ start, end: n.getEnd(), text: String(v === 0 ? 1 : v + (v % 2 ? -1 : 1)) });
    } else if (ts.isElementAccessExpression(n)) {
      const a = n.argumentExpression;
      sites.push({ start: a.getStart(sf), end: a.getEnd(), text: `(${a.getText(sf)}) + 1` });
    } else if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) {
      sites.push({ start, end: n.getEnd(), text: n.operand.getText(sf) });
    } else if (ts.isIfStatement(n)) {
      const c = n.expression;
      sites.push({ start: c.getStart(sf), end: c.getEnd(), text: `!(${c.getText(sf)})` });
    } else if (ts.isExpressionStatement(n) && ts.isBlock(n.parent) && n.parent.statements.length > 1) {
      sites.push({ start, end: n.getEnd(), text: ';' });
    } else if (ts.isReturnStatement(n) && n.expression) {
      const cur = n.expression.getText(sf);
      const other = declared.find((d) => d !== cur);
      if (other) sites.push({ start: n.expression.getStart(sf), end: n.expression.getEnd(), text: other });
    }
  });
  return sites;
}

/** Up to `max` distinct mutated bodies of `prompt + body`, in a seeded order. */
export function mutantBodies(prompt, body, rand, max = 6) {
  const full = prompt + body;
  const sf = parse(full);
  const sites = mutationSites(sf, prompt.length);
  const out = [];
  const seen = new Set([full]);
  for (let tries = 0; out.length < max && tries < max * 4 && sites.length > 0; tries++) {
    const site = sites[Math.floor(rand() * sites.length)];
    const code = applyEdits(full, [site]);
    if (seen.has(code) || !parsesOk(code)) continue;
    seen.add(code);
    out.push(code.slice(prompt.length));
  }
  return out;
}

/** A sample that does not load: the body cut short. */
export function truncatedBody(body, rand) {
  const cut = Math.max(1, Math.floor(body.length * (0.3 + 0.5 * rand())));
  return body.slice(0, cut);
}
