/**
 * The prompting half of trust scoping (the decision is client/src/settingsScope.ts): asks the
 * user once, in a modal, about each host a workspace setting wants to send a key or code to,
 * remembers the hosts allowed in globalState, and tells the user (once per change) which
 * workspace values are not used.
 */
import * as vscode from 'vscode';
import type { ScopeDecision } from './settingsScope';

const STATE_KEY = 'weavergen.confirmedHosts';

export class HostConfirmations {
  /** Asked this session (allowed or not): a refusal is not asked again until the next window. */
  private readonly asked = new Set<string>();
  private shownIgnored = '';

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    /** Shows a (non-modal) warning to the user. */
    private readonly warn: (message: string) => void,
  ) {}

  /** `HostConfirmation.id`s the user allowed. */
  confirmed(): string[] {
    const v = this.state.get<unknown>(STATE_KEY);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  /**
   * Tells what is not used and asks about each new host. Resolves true when the user allowed a
   * host (the settings must then be read and sent again).
   */
  async review(decision: ScopeDecision): Promise<boolean> {
    const key = decision.ignored.join('\n');
    if (key !== this.shownIgnored) {
      this.shownIgnored = key;
      for (const m of decision.ignored) this.log.warn(`settings: ${m}`);
      // A question about to be asked says it itself; otherwise say it once here.
      if (decision.ignored.length && decision.confirm.every((c) => this.asked.has(c.id))) this.warn(`WeaverGen: ${decision.ignored.join(' ')}`);
    }
    let allowed = false;
    for (const c of decision.confirm) {
      if (this.asked.has(c.id)) continue;
      this.asked.add(c.id);
      const choice = await vscode.window.showWarningMessage(c.question, {
        modal: true,
        detail: `Set by ${c.setting} in this workspace's settings. Until you allow it, WeaverGen does not use this value. Your answer for this host is remembered.`,
      }, 'Allow');
      if (choice !== 'Allow') continue;
      await this.state.update(STATE_KEY, [...new Set([...this.confirmed(), c.id])]);
      this.log.info(`settings: allowed ${c.id}`);
      allowed = true;
    }
    return allowed;
  }
}
