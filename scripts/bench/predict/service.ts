import { randomUUID } from 'node:crypto';

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: number;
  active: boolean;
}

export interface UserStore {
  get(id: string): User | undefined;
  put(user: User): void;
  all(): User[];
}

/** Keeps users in memory; the store behind UserService in tests and the demo. */
export class MemoryUserStore implements UserStore {
  private readonly users = new Map<string, User>();

  get(id: string): User | undefined {
    return this.users.get(id);
  }

  put(user: User): void {
    this.users.set(user.id, user);
  }

  all(): User[] {
    return [...this.users.values()];
  }
}

/** Returns true when the text looks like an e-mail address. isValidEmail("a@b.co") // => true */
export function isValidEmail(text: string): boolean {
}

/** Lower-cases and trims an e-mail address. normalizeEmail(" A@B.co ") // => "a@b.co" */
export function normalizeEmail(text: string): string {
}

export class UserService {
  constructor(private readonly store: UserStore, private readonly now: () => number = Date.now) {}

  /** Creates an active user; throws on an invalid e-mail or one already taken. */
  register(email: string, name: string): User {
  }

  /** Marks the user inactive; returns false when there is no such user. */
  deactivate(id: string): boolean {
  }

  /** Active users whose name contains `query` (case-insensitive), sorted by name. */
  search(query: string): User[] {
  }
}

export const newId = (): string => randomUUID();
