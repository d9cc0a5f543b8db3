/** A file with a pre-existing error (an unresolved import) and a body to splice candidates into. */
export const FILE = [
  "import { helper } from './missing';", // an existing error: must not be blamed on candidates
  'interface Box { width: number; height: number }',
  'export function area(b: Box): number {',
  '  BODY',
  '}',
  '',
].join('\n');

export const splice = (body: string): string => FILE.replace('BODY', body);
