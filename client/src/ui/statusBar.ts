/**
 * The status bar item: server state and the active providers. Click → Select Providers.
 * `describe` is pure so the wording can be reasoned about without an editor.
 */
import * as vscode from 'vscode';
import { ClientCommands, type ProviderInfo } from '../../../server/src/protocol';

export type ServerState = 'starting' | 'ready' | 'busy' | 'error' | 'stopped';

export interface StatusView {
  text: string;
  tooltip: string;
  warning: boolean;
}

export function describe(state: ServerState, providers: readonly ProviderInfo[], message?: string): StatusView {
  const active = providers.filter((p) => p.enabled);
  const live = active.filter((p) => !p.recorded);
  const lines = providers.map(
    (p) => `${p.enabled ? '✓' : '✗'} ${p.id} — ${p.kind}${p.recorded ? ' (recorded)' : ''}, ${p.model} · from ${p.source}`,
  );
  const tooltip = [`WeaverGen language server: ${state}`, message ?? '', ...lines, '', 'Click to select providers']
    .filter((l, i) => l !== '' || i > 1)
    .join('\n');
  if (state === 'starting') return { text: '$(sync~spin) WeaverGen', tooltip, warning: false };
  if (state === 'stopped') return { text: '$(error) WeaverGen: stopped', tooltip, warning: true };
  if (state === 'error') return { text: '$(error) WeaverGen', tooltip, warning: true };
  const icon = state === 'busy' ? '$(sync~spin)' : '$(sparkle)';
  if (live.length) return { text: `${icon} WeaverGen: ${unique(live.map((p) => p.model)).join(', ')}`, tooltip, warning: false };
  if (active.length) return { text: `${icon} WeaverGen: recorded demo`, tooltip, warning: false };
  return { text: '$(warning) WeaverGen: no provider', tooltip, warning: true };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('weavergen.status', vscode.StatusBarAlignment.Right, 100);
  private state: ServerState = 'starting';
  private providers: readonly ProviderInfo[] = [];
  private message: string | undefined;

  constructor() {
    this.item.name = 'WeaverGen';
    this.item.command = ClientCommands.selectProviders;
    this.render();
    this.item.show();
  }

  setState(state: ServerState, message?: string): void {
    this.state = state;
    this.message = message;
    this.render();
  }

  setProviders(providers: readonly ProviderInfo[]): void {
    this.providers = providers;
    this.render();
  }

  get currentProviders(): readonly ProviderInfo[] {
    return this.providers;
  }

  get text(): string {
    return this.item.text;
  }

  private render(): void {
    const view = describe(this.state, this.providers, this.message);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
