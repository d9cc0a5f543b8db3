import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSite } from '../../../server/src/context/siteFinder';
import { keyForFound, keyForPrediction, providerFingerprint, uriOfKey } from '../../../server/src/cache';
import { predictSites } from '../../../server/src/prediction';
import { SERVICE, at } from '../prediction/fixtures';

const URI = 'file:///w/users.ts';
const FP = providerFingerprint([{ id: 'local', kind: 'openai-compatible', model: 'qwen' }], { maxContextTokens: 2000 });

/** The key of the findByEmail site in `text`. */
function keyOf(text: string, needle = 'findByEmail(', uri = URI, fp = FP): string {
  const found = findSite(text, 'users.ts', { position: at(text, needle) });
  assert.ok(found, 'site found');
  return keyForFound(uri, found, fp);
}

const edit = (from: string, to: string) => {
  assert.ok(SERVICE.includes(from), from);
  return SERVICE.replace(from, to);
};

test('an edit elsewhere in the file keeps the key', () => {
  const base = keyOf(SERVICE);
  assert.equal(keyOf(edit("log.info('counting');", "log.info('counting users');")), base, 'other function body');
  assert.equal(keyOf(edit('// weaver: a function', '// weaver: a helper function')), base, 'another comment');
  assert.equal(keyOf(`// header line\n\n${SERVICE}\nexport const x = 1;\n`), base, 'lines added above and below');
  assert.equal(keyOf(`${SERVICE}\nexport interface Unused { a: number }\n`), base, 'an unreferenced type');
});

test("an edit to the site's signature, doc comment, used type or imports changes the key", () => {
  const base = keyOf(SERVICE);
  assert.notEqual(keyOf(edit('email: string): User | undefined', 'mail: string): User | undefined')), base, 'signature');
  assert.notEqual(keyOf(edit('case-insensitively.', 'exactly.')), base, 'doc comment');
  assert.notEqual(keyOf(edit('  email: string;\n}', '  email: string;\n  active: boolean;\n}')), base, 'used type');
  assert.notEqual(keyOf(edit("import type { Logger } from './logger';", "import type { Logger } from './log';")), base, 'imports');
});

test('uri, kind and provider fingerprint are part of the key; fingerprints ignore order', () => {
  const base = keyOf(SERVICE);
  assert.notEqual(keyOf(SERVICE, 'findByEmail(', 'file:///w/other.ts'), base);
  const fp2 = providerFingerprint([{ id: 'local', kind: 'openai-compatible', model: 'qwen-large' }], { maxContextTokens: 2000 });
  assert.notEqual(keyOf(SERVICE, 'findByEmail(', URI, fp2), base);
  const a = providerFingerprint([{ id: 'a', kind: 'replay', model: 'm' }, { id: 'b', kind: 'replay', model: 'n' }]);
  const b = providerFingerprint([{ id: 'b', kind: 'replay', model: 'n' }, { id: 'a', kind: 'replay', model: 'm' }]);
  assert.equal(a, b);
  assert.equal(uriOfKey(base), URI);
  // Same declaration, different kind: the stub body of deleteUser vs an empty body elsewhere.
  assert.notEqual(keyOf(SERVICE, 'deleteUser('), base);
});

test('a predicted site keys like the generate path will (signature-typed -> empty-body)', () => {
  const offset = SERVICE.indexOf('email: string): User');
  const sites = predictSites(SERVICE, 'users.ts', { recentEdits: [{ offset, time: 5 }], now: 5 });
  const typed = sites.find((s) => s.symbol === 'findByEmail')!;
  assert.equal(typed.kind, 'signature-typed');
  assert.equal(keyForPrediction(URI, SERVICE, 'users.ts', typed, FP), keyOf(SERVICE));
  const member = predictSites(SERVICE, 'users.ts').find((s) => s.kind === 'missing-function')!;
  const k1 = keyForPrediction(URI, SERVICE, 'users.ts', member, FP);
  assert.ok(k1);
  const shifted = `// moved down\n${SERVICE}`;
  const member2 = predictSites(shifted, 'users.ts').find((s) => s.kind === 'missing-function')!;
  assert.equal(keyForPrediction(URI, shifted, 'users.ts', member2, FP), k1);
});
