import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerateOutcome } from '../../../client/src/api';
import { PregenCommands, type PregenMetrics } from '../../../server/src/protocol';
import { api, fake, openFixture, placeCursor, serverReady, until, waitForText } from './env';
import { inlineGhostTests } from './pregenInline';

/** Pre-generation is off in the e2e workspace (so other tests see only their own requests); this suite turns it on. */
export function pregenerationTests(): void {
  suite('predictive pre-generation', () => {
    const cfg = () => vscode.workspace.getConfiguration('weavergen');
    setup(async () => {
      await fake.reset();
    });
    teardown(async () => {
      await cfg().update('pregeneration.enabled', false, vscode.ConfigurationTarget.Workspace);
    });

    test('an empty body is pre-generated in the background; Generate then answers from the cache', async () => {
      const a = await api();
      await serverReady(a);
      await fake.reply('return a - b; // e2e-pregen-marker');
      // Open first, then switch on: every open document is predicted at once, so "idle after at
      // least one completed job" means this file's site was pre-generated too.
      const editor = await openFixture('pregen.ts');
      placeCursor(editor, 'export function difference', 1);
      await cfg().update('pregeneration.enabled', true, vscode.ConfigurationTarget.Workspace);
      let last: PregenMetrics | undefined;
      await until(async () => {
        last = await vscode.commands.executeCommand<PregenMetrics | undefined>(PregenCommands.metrics);
        return !!last && last.enabled && last.jobs.completed >= 1 && last.running === 0 && last.queued === 0 && last.cacheEntries >= 1;
      }, 40_000, `background work never settled with a cached site: ${JSON.stringify(last)}`);
      // Requests for this site's body only: once the body is filled, the function is a site for
      // background test generation, whose model call may land at any moment and is not this request's.
      const bodyRequests = async () => (await fake.requests()).filter((r) => r.api === 'openai' && JSON.stringify(r.body).includes('write the body of `difference`')).length;
      const before = await bodyRequests();
      assert.ok(before >= 1, 'the background job asked for this body');
      const outcome = await vscode.commands.executeCommand<GenerateOutcome>('weavergen.generate');
      assert.equal(outcome.status, 'applied', JSON.stringify(outcome));
      await waitForText(editor.document, (t) => t.includes('e2e-pregen-marker'));
      if (outcome.status === 'applied') assert.equal(outcome.result.fromCache, true);
      assert.match(a.test.messages().at(-1)?.text ?? '', /\(pre-generated\)$/);
      assert.equal(await bodyRequests(), before, 'the request made no model call');
    });

    suite('inline ghost text', () => inlineGhostTests());
  });
}
