/** Real-looking TypeScript files for the prediction and cache tests. */

export const SERVICE = `import { readFile } from 'node:fs/promises';
import type { Logger } from './logger';

export interface User {
  id: string;
  email: string;
}

/** Loads users from a JSON file. */
export async function loadUsers(path: string): Promise<User[]> {
  const raw = await readFile(path, 'utf8');
  // TODO: validate the shape of each user
  return JSON.parse(raw) as User[];
}

/** Finds a user by e-mail, case-insensitively. */
export function findByEmail(users: User[], email: string): User | undefined {}

export function deleteUser(users: User[], id: string): User[] {
  throw new Error('not implemented');
}

export function countActive(users: User[], log: Logger): number {
  log.info('counting');
  return users.filter((u) => isActive(u)).length;
}

export class UserService {
  constructor(private readonly users: User[]) {}

  rename(id: string, name: string): void {
    // TODO: rename the user and keep the list sorted
  }
}

// weaver: a function that groups users by e-mail domain
`;

export const SHAPES = `interface Named {
  name: string;
}

interface Shape extends Named {
  area(): number;
  perimeter(): number;
  describe?(): string;
}

abstract class Base {
  abstract scale(k: number): void;
  perimeter(): number {
    return 0;
  }
}

export class Square extends Base implements Shape {
  constructor(public name: string, private side: number) {
    super();
  }
}
`;

export const CALLS = `import { parse } from './parser';

export function run(input: string, cb: (x: number) => void): number {
  const tree = parse(input);
  console.log(tree);
  cb(1);
  const n = Math.max(1, 2);
  return evaluate(tree) + n + helper();
}

function helper(): number {
  return normalizeTotal(2);
}
`;

/** Position of the first occurrence of `needle` (plus `delta` characters). */
export function at(text: string, needle: string, delta = 0): { line: number; character: number } {
  const off = text.indexOf(needle);
  if (off < 0) throw new Error(`needle ${needle} not found`);
  const before = text.slice(0, off + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
