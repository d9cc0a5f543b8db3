/**
 * Execution needs the OS-level boundary: without bubblewrap candidates do not run unless the
 * user opted in (machine setting), and the result says why. Golden cases for the rule, then the
 * real generation pipeline with an isolation profile that lacks bubblewrap.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { executionPermit } from '../../../server/src/sandbox/permit';
import { getIsolation } from '../../../server/src/sandbox/isolation';
import { GenerationService } from '../../../server/src/generation/service';
import { DEFAULT_SETTINGS } from '../../../server/src/protocol/settings';
import type { ModelProvider } from '../../../server/src/providers/types';
import { fence, MAX2_AT, MAX2_SOURCE } from '../../lsp/fixtures';

const BWRAP = { bwrap: { bwrapPath: '/usr/bin/bwrap', seccomp: true, view: [] }, notes: [] };
const NONE = { bwrap: null, notes: ['bwrap: not available on darwin'] };
const on = { enabled: true, allowWithoutOsSandbox: false };

describe('executionPermit', () => {
  it('golden cases', () => {
    assert.deepEqual(executionPermit(on, true, BWRAP), { allowed: true });
    assert.match(executionPermit({ ...on, enabled: false }, true, BWRAP).reason ?? '', /switched off/);
    assert.match(executionPermit(on, false, BWRAP).reason ?? '', /not trusted/);
    const without = executionPermit(on, true, NONE);
    assert.equal(without.allowed, false);
    assert.match(without.reason ?? '', /no OS-level sandbox on this machine \(not available on darwin\).*allowWithoutOsSandbox/);
    assert.deepEqual(executionPermit({ ...on, allowWithoutOsSandbox: true }, true, NONE), { allowed: true });
    assert.equal(executionPermit(on, true, undefined).allowed, false, 'a failed probe is no boundary');
    assert.match(executionPermit({ ...on, allowWithoutOsSandbox: true }, false, NONE).reason ?? '', /not trusted/, 'the opt-in never overrides trust');
  });

  it('the generation pipeline runs nothing without bubblewrap, and says why; with the opt-in it runs', async () => {
    const real = await getIsolation();
    const provider: ModelProvider = {
      id: 'p', kind: 'openai-compatible', model: 'm', recorded: false,
      complete: async () => ({ text: fence('  return a > b ? a : b;'), model: 'm', usage: { inputTokens: 1, outputTokens: 1 }, latencyMs: 1, retries: 0, recorded: false }),
    };
    const run = async (allowWithoutOsSandbox: boolean) => {
      const settings = { ...DEFAULT_SETTINGS, execution: { enabled: true, allowWithoutOsSandbox } };
      const service = new GenerationService({ settings: () => settings, current: async () => ({ providers: [provider], infos: [], notes: [] }) }, Date.now, {
        isolation: async () => ({ ...real, bwrap: null, notes: ['bwrap: not installed (test)'] }),
      });
      const doc = TextDocument.create('file:///work/max2.ts', 'typescript', 1, MAX2_SOURCE);
      return service.generate(doc, { textDocument: { uri: doc.uri }, position: MAX2_AT }, new AbortController().signal);
    };
    const off = await run(false);
    assert.equal(off.execution?.ran, false);
    assert.match(off.execution?.reason ?? '', /no OS-level sandbox on this machine \(not installed \(test\)\)/);
    const opted = await run(true);
    assert.equal(opted.execution?.ran, true, JSON.stringify(opted.execution));
  });
});
