/**
 * Helpers shared by the end-to-end tests: the extension's API, the fake model server
 * (its URL comes from `weavergen-e2e.json`, written into the workspace by the runner),
 * and waiting on editor events with a bound.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WeaverApi } from '../../../client/src/api';

export const EXTENSION_ID = 'weavergen.weavergen';

export async function api(): Promise<WeaverApi> {
  const ext = vscode.extensions.getExtension<WeaverApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e suite needs the fixture workspace open');
  return folder.uri.fsPath;
}

interface E2EConfig {
  fakeServerUrl: string;
}

export function e2eConfig(): E2EConfig {
  return JSON.parse(fs.readFileSync(path.join(workspaceRoot(), 'weavergen-e2e.json'), 'utf8')) as E2EConfig;
}

/** Control of the fake model server (test/support/fakeModelServer.ts). */
export const fake = {
  async control(method: 'GET' | 'POST', what: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${e2eConfig().fakeServerUrl}/__control/${what}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`fake server ${what}: HTTP ${res.status}`);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  },
  reset: () => fake.control('POST', 'reset'),
  reply: (code: string) => fake.control('POST', 'reply', { text: '```ts\n' + code + '\n```' }),
  fault: (f: { status?: number; hang?: boolean }) => fake.control('POST', 'fault', f),
  async requests(): Promise<Record<string, unknown>[]> {
    const r = await fake.control('GET', 'requests');
    const list = Array.isArray(r) ? r : (r as { requests?: unknown[] } | undefined)?.requests ?? [];
    return list as Record<string, unknown>[];
  },
};

/**
 * Every wait in the suite is a bound for a hang, never a timing assertion: the `ms` a test names
 * is what the step takes on a quiet machine, and the bound is HANG_SLACK times that, so a shared,
 * loaded 2-core machine (CI beside another heavy process) does not fail a test that only ran slowly.
 */
export const HANG_SLACK = 4;

/** Rejects after HANG_SLACK × `ms` with `what`; the bound for every wait below. */
export function withTimeout<T>(p: Promise<T>, quietMs: number, what: () => string): Promise<T> {
  const ms = quietMs * HANG_SLACK;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what()}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves when the document's text satisfies `predicate` (checked on every change). */
export function waitForText(doc: vscode.TextDocument, predicate: (text: string) => boolean, ms = 30_000): Promise<void> {
  if (predicate(doc.getText())) return Promise.resolve();
  let sub: vscode.Disposable | undefined;
  const changed = new Promise<void>((resolve) => {
    sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && predicate(doc.getText())) resolve();
    });
  });
  return withTimeout(changed, ms, () => `document ${path.basename(doc.uri.fsPath)} never matched; text:\n${doc.getText()}`).finally(() => sub?.dispose());
}

/** Resolves with the first event value that satisfies `predicate`. */
export function waitForEvent<T>(event: vscode.Event<T>, predicate: (v: T) => boolean, ms: number, what: string): Promise<T> {
  let sub: vscode.Disposable | undefined;
  const p = new Promise<T>((resolve) => {
    sub = event((v) => {
      if (predicate(v)) resolve(v);
    });
  });
  return withTimeout(p, ms, () => what).finally(() => sub?.dispose());
}

/**
 * Polls an out-of-process condition (the fake server's request log) until it holds.
 * The fake server has no push channel, so this is the one bounded poll in the suite.
 */
export async function until(cond: () => Promise<boolean>, quietMs: number, what: string | (() => string)): Promise<void> {
  const ms = quietMs * HANG_SLACK;
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(path.join(workspaceRoot(), 'src', name));
  return vscode.window.showTextDocument(doc);
}

/** Puts the cursor on the first line containing `needle` (at its end, or `offset`). */
export function placeCursor(editor: vscode.TextEditor, needle: string, lineDelta = 0): vscode.Position {
  const lines = editor.document.getText().split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`"${needle}" not in ${editor.document.uri.fsPath}`);
  const target = line + lineDelta;
  const pos = new vscode.Position(target, lineDelta === 0 ? lines[line].indexOf(needle) : 0);
  editor.selection = new vscode.Selection(pos, pos);
  return pos;
}

/** Waits until the language server is running (first start after activation). */
export async function serverReady(a: WeaverApi): Promise<void> {
  if (a.test.isRunning() && a.test.serverStarts() > 0) return;
  await waitForEvent(a.test.onDidStartServer, () => true, 30_000, 'language server start');
}
