// Generation sites from REAL source files: every function, method and arrow function with a
// block body in this repository's own server/src TypeScript files (project code, same
// licence as the repo). Each site's cache key is computed by the product's own contextKey
// functions (body masked), as the pre-generation path would; the simulated "model answer" is
// the real body, and its token cost is (local context + answer) / 4 characters.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { localContext, sha } from '../../../server/src/cache/contextKey.ts';

function* tsFiles(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) yield p;
  }
}

/** { half: 'dev' | 'held', file, name, contextHash, code, tokens }[] */
export function collectSites(root, srcDir = 'server/src') {
  const sites = [];
  for (const file of [...tsFiles(join(root, srcDir))].sort()) {
    const rel = relative(root, file);
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const half = (sha(rel).charCodeAt(0) % 2 === 0) ? 'dev' : 'held';
    const visit = (node) => {
      if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node)) && node.body && ts.isBlock(node.body)) {
        const body = node.body;
        const ctx = localContext(sf, { declStart: node.getStart(sf), declEnd: node.end, maskStart: body.getStart(sf) + 1, maskEnd: body.end - 1, intent: '' });
        const code = text.slice(body.getStart(sf) + 1, body.end - 1);
        const name = node.name?.getText(sf) ?? '<arrow>';
        sites.push({ half, file: rel, name, contextHash: sha(ctx), code, tokens: Math.ceil((ctx.length + code.length) / 4) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return sites;
}
