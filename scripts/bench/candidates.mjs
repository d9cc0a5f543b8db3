// Development candidate sets for `weavergen bench selection`: simulated providers that
// rewrite a task's canonical solution. General transforms only (never tuned per task):
//  - correct samples: semantics-preserving rewrites (renames, requoting, reindenting, comments);
//  - wrong samples: a single semantic mutation (boundary, operator, off-by-one, wrong branch,
//    dropped statement, wrong variable returned; variants.mjs), a syntax error (cut short or an
//    unbalanced bracket), a hang (a loop without its update, or a busy loop), or an exception
//    (a Python-ism method call, or a call of an undefined helper).
// Mistakes are CORRELATED: per task there is one "popular" mistake every provider may make,
// and providers of one family share a family mistake (often textually identical), so the
// most frequent text is often wrong. A per-task difficulty moves every provider together.
// Only the prompt and the canonical solution are read, never the tests.
import ts from 'typescript';
import { mutantBodies, parsesOk, rewriteBody, truncatedBody } from './variants.mjs';

export const PROVIDERS = [
  { id: 'sim-alpha', reliability: 0.7, family: 'f1' },
  { id: 'sim-beta', reliability: 0.62, family: 'f1' },
  { id: 'sim-gamma', reliability: 0.55, family: 'f2' },
  { id: 'sim-delta', reliability: 0.48, family: 'f2' },
  { id: 'sim-epsilon', reliability: 0.4, family: 'f3' },
];

export function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const logit = (p) => Math.log(p / (1 - p));
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

function bodyStatements(prompt, body) {
  const sf = ts.createSourceFile('c.js', prompt + body, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  return { sf, from: prompt.length };
}

/** A loop that never ends: a `for` loop loses its update, else a busy loop is prepended. */
export function hangBody(prompt, body) {
  const { sf, from } = bodyStatements(prompt, body);
  let site;
  const visit = (n) => {
    if (site) return;
    if (ts.isForStatement(n) && n.incrementor && n.getStart(sf) >= from && n.condition) site = n.incrementor;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (site) {
    const full = prompt + body;
    const out = full.slice(0, site.getStart(sf)) + full.slice(site.getEnd());
    if (parsesOk(out)) return out.slice(prompt.length);
  }
  return `  let spins = 0;\n  while (spins >= 0) { spins = spins + 1 - 1; }\n${body}`;
}

/** Throws at run time: a Python-ism (`.append`, `len()`) or a call of a helper that does not exist. */
export function exceptionBody(prompt, body, rand) {
  if (/\.push\(/.test(body) && rand() < 0.7) return body.replace('.push(', '.append(');
  if (/\.length\b/.test(body) && rand() < 0.6) return body.replace(/([\w$\]\)]+)\.length\b/, 'len($1)');
  const params = prompt.match(/\(([^()]*)\)\s*(?:=>)?\s*\{\s*$/)?.[1]?.split(',').map((p) => p.trim().replace(/[=\s].*$/, '')).filter(Boolean) ?? [];
  return `  const checked = validateInput(${params.join(', ')});\n${body}`;
}

/** Does not parse: cut short, or one closing bracket dropped. */
export function syntaxErrorBody(prompt, body, rand) {
  if (rand() < 0.5) {
    const i = body.lastIndexOf(')');
    if (i > 0) {
      const out = body.slice(0, i) + body.slice(i + 1);
      if (!parsesOk(prompt + out)) return out;
    }
  }
  return truncatedBody(body, rand);
}

/** One wrong body drawn from the general kinds. */
function wrongBody(task, mutants, rand) {
  const r = rand();
  if (mutants.length && r < 0.62) return { kind: 'mutant', body: mutants[Math.floor(rand() * mutants.length)] };
  if (r < 0.74) return { kind: 'exception', body: exceptionBody(task.prompt, task.canonical_solution, rand) };
  if (r < 0.87) return { kind: 'hang', body: hangBody(task.prompt, task.canonical_solution) };
  return { kind: 'syntax', body: syntaxErrorBody(task.prompt, task.canonical_solution, rand) };
}

/** `{ task_id, provider, completion, kind }` for one task (kind is for statistics only). */
export function candidatesFor(task, seed, providers = PROVIDERS, samples = 1) {
  const rand = seeded(hash(`${seed}:${task.task_id}`));
  const difficulty = rand();
  const mutants = mutantBodies(task.prompt, task.canonical_solution, rand, 6);
  const popular = wrongBody(task, mutants, rand);
  const family = new Map();
  const out = [];
  for (const p of providers) {
    const q = sigmoid(logit(p.reliability) + 2 * (0.5 - difficulty));
    for (let s = 0; s < samples; s++) {
      if (rand() < q) {
        out.push({ task_id: task.task_id, provider: p.id, completion: rewriteBody(task.prompt, task.canonical_solution, rand), kind: 'correct' });
        continue;
      }
      let w;
      const r = rand();
      if (r < 0.35) w = popular;
      else if (r < 0.7) {
        if (!family.has(p.family)) family.set(p.family, wrongBody(task, mutants, rand));
        w = family.get(p.family);
      } else w = wrongBody(task, mutants, rand);
      // Shared mistakes are often textually identical (same model family, same habits).
      const text = w.kind === 'syntax' || rand() < 0.5 ? w.body : rewriteBody(task.prompt, w.body, rand);
      out.push({ task_id: task.task_id, provider: p.id, completion: text, kind: w.kind });
    }
  }
  return out;
}
