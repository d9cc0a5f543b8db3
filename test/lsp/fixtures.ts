/** Fixtures shared by the LSP tests: a model answer's code fence, the max2 stub, fresh documents. */
import type { TestClient } from './harness';

/** A model answer: `code` in a TypeScript fence. */
export const fence = (code: string): string => '```ts\n' + code + '\n```';

/** A stub with a doc example (max2(1, 2) // => 2); generate at `MAX2_AT`, inside its body. */
export const MAX2_SOURCE = [
  '/**',
  ' * Returns the larger of two numbers.',
  ' * max2(1, 2) // => 2',
  ' */',
  'export function max2(a: number, b: number): number {',
  '  throw new Error("not implemented");',
  '}',
  '',
].join('\n');
export const MAX2_AT = { line: 5, character: 4 };

/** Opens each text as a new document `file:///work/<prefix><n>.ts` and returns its URI. */
export function docOpener(client: () => TestClient, prefix: string, defaultText = ''): (text?: string) => string {
  let n = 0;
  return (text = defaultText) => {
    const uri = `file:///work/${prefix}${++n}.ts`;
    client().open(uri, text);
    return uri;
  };
}
