/**
 * WeaverGen: Show What Was Learned / Reset Learning / Export Learning Data, and the outcome
 * capture around Generate and Swap in Alternative (wrappers, so those commands stay as
 * they are). The server keeps the data; these fetch, show, confirm and save.
 */
import * as vscode from 'vscode';
import {
  LearningCommands, LearningExportRequest, LearningRequest, LearningResetRequest, type LearningSummary,
} from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { errorText } from '../ctx';
import { readSettings } from '../config';
import { OutcomeTracker, outcomeSender } from '../outcomes';
import { consensusUi } from '../ui/consensusDiff';
import { LEARNING_VIEW_TYPE, LearningReport } from '../ui/learningReport';
import type { GenerateArgs, GenerateOutcome } from './generate';
import type { SwapArgs, SwapOutcome } from './consensus';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a command handler takes the editor's untyped arguments; any[] is the one parameter list every typed handler is assignable to
type Factory = (ctx: Ctx) => (...args: any[]) => unknown;

const reports = new WeakMap<Ctx, LearningReport>();
const trackers = new WeakMap<Ctx, OutcomeTracker>();

export function outcomeTracker(ctx: Ctx): OutcomeTracker {
  let t = trackers.get(ctx);
  if (!t) {
    t = new OutcomeTracker(outcomeSender(() => (ctx.isRunning ? ctx.client : undefined)), () => readSettings().learning.outcomeDelayMs);
    trackers.set(ctx, t);
    ctx.track(t);
  }
  return t;
}

function report(ctx: Ctx): LearningReport {
  let r = reports.get(ctx);
  if (!r) {
    r = new LearningReport(ctx.extension.extensionUri, () => void vscode.commands.executeCommand(LearningCommands.showLearning));
    reports.set(ctx, r);
    ctx.track(r);
  }
  return r;
}

export interface ShowLearningResult { viewType: string; summary: LearningSummary }

export function showLearning(ctx: Ctx) {
  return async (args?: { bucketSize?: number }): Promise<ShowLearningResult | undefined> => {
    try {
      const summary = await ctx.client.sendRequest(LearningRequest, { bucketSize: args?.bucketSize });
      report(ctx).show(summary);
      return { viewType: LEARNING_VIEW_TYPE, summary };
    } catch (e) {
      void ctx.messages.show('error', `WeaverGen: could not show what was learned: ${errorText(e)}`);
      return undefined;
    }
  };
}

export function resetLearning(ctx: Ctx) {
  return async (args?: { skipConfirmation?: boolean }): Promise<boolean> => {
    if (!args?.skipConfirmation) {
      const choice = await vscode.window.showWarningMessage(
        'Reset what WeaverGen learned? Every recorded outcome and provider reliability estimate is deleted.', { modal: true }, 'Reset');
      if (choice !== 'Reset') return false;
    }
    try {
      await ctx.client.sendRequest(LearningResetRequest, undefined);
      void ctx.messages.show('info', 'WeaverGen: learning was reset; every provider starts from equal weight again.');
      if (report(ctx).visible) void vscode.commands.executeCommand(LearningCommands.showLearning);
      return true;
    } catch (e) {
      void ctx.messages.show('error', `WeaverGen: could not reset learning: ${errorText(e)}`);
      return false;
    }
  };
}

export function exportLearning(ctx: Ctx) {
  return async (args?: { uri?: string }): Promise<{ uri: string; events: number } | undefined> => {
    try {
      const target = args?.uri ? vscode.Uri.parse(args.uri) : await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? ctx.extension.globalStorageUri, 'weavergen-learning.json'),
        filters: { JSON: ['json'] }, saveLabel: 'Export',
      });
      if (!target) return undefined;
      const data = await ctx.client.sendRequest(LearningExportRequest, undefined);
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(data.json));
      void ctx.messages.show('info', `WeaverGen: exported ${data.events} outcomes to ${target.fsPath || target.toString()}.`);
      return { uri: target.toString(), events: data.events };
    } catch (e) {
      void ctx.messages.show('error', `WeaverGen: could not export learning data: ${errorText(e)}`);
      return undefined;
    }
  };
}

/** Generate, then observe what happens to the applied result. */
export function trackGenerate(factory: (ctx: Ctx) => (args?: GenerateArgs) => Promise<GenerateOutcome>): Factory {
  return (ctx) => {
    const run = factory(ctx);
    return async (args?: GenerateArgs) => {
      const outcome = await run(args);
      if (outcome.status === 'applied' && readSettings().learning.enabled) {
        const uri = outcome.result.edit.textDocument.uri;
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
        if (doc) outcomeTracker(ctx).applied(doc, outcome.result);
      }
      return outcome;
    };
  };
}

/** Swap in Alternative, recorded as replaced-by-alternative. */
export function trackSwap(factory: (ctx: Ctx) => (args?: SwapArgs) => Promise<SwapOutcome>): Factory {
  return (ctx) => {
    const run = factory(ctx);
    return async (args?: SwapArgs) => {
      const target = args?.uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      const before = target ? consensusUi(ctx).get(target) : undefined;
      const resultId = before?.result.resultId ?? before?.result.traceId;
      const outcome = await run(args);
      if (outcome.status === 'swapped' && readSettings().learning.enabled) outcomeTracker(ctx).swapped(resultId, outcome.clusterId);
      return outcome;
    };
  };
}

export const LEARNING_COMMANDS: Record<string, Factory> = {
  [LearningCommands.showLearning]: showLearning,
  [LearningCommands.resetLearning]: resetLearning,
  [LearningCommands.exportLearning]: exportLearning,
};
