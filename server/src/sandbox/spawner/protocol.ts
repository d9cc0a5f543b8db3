/**
 * Messages between the language server (client.ts) and the spawner helper (sandboxSpawner.ts),
 * over the helper's Node IPC channel. The server computes every part of the child's launch
 * (command line, scrubbed env, limits); the helper only runs it and reports back.
 */
import type { KillReason } from '../classify';
import type { ChildEnd, ChildSpec } from '../lifecycle';

export type ToSpawner =
  | { type: 'run'; id: number; spec: ChildSpec }
  | { type: 'kill'; id: number; reason: KillReason };

export type FromSpawner =
  | { type: 'ready'; pid: number }
  | { type: 'spawned'; id: number; pid: number }
  | { type: 'end'; id: number; end: ChildEnd };
