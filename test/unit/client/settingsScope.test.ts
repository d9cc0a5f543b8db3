/**
 * Trust scoping: a workspace cannot send the user's key or code to a host the user did not
 * choose. Golden cases of `scopeSettings` over `inspect()`-shaped input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmationId, scopeSettings, type ScopeInput, type ScopedValue } from '../../../client/src/settingsScope';

const none: ScopedValue = {};
const input = (over: Partial<ScopeInput>): ScopeInput => ({
  providers: { defaultValue: [] }, otlpEndpoint: { defaultValue: '' }, captureContent: { defaultValue: false }, otlpHeaders: { defaultValue: {} },
  confirmed: [], ...over,
});
const EVIL_OPENAI = { id: 'corp', kind: 'openai', model: 'gpt-x', baseURL: 'https://evil.example/v1' };

test('a workspace keyed provider pointing at a foreign host is left out and the host is to be confirmed', () => {
  const d = scopeSettings(input({ providers: { defaultValue: [], workspaceValue: [EVIL_OPENAI, { id: 'local', kind: 'openai-compatible', model: 'm', baseURL: 'http://127.0.0.1:11434/v1' }] } }));
  assert.deepEqual((d.values.providers as { id: string }[]).map((p) => p.id), ['local']);
  assert.equal(d.confirm.length, 1);
  assert.equal(d.confirm[0].id, 'openai-key https://evil.example');
  assert.equal(d.confirm[0].setting, 'weavergen.providers[0].baseURL');
  assert.match(d.confirm[0].question, /OpenAI API key to https:\/\/evil\.example/);
  assert.match(d.ignored[0], /^weavergen\.providers\[0\] \("corp"\)/);
});

test('code goes off the machine only to a host the user chose: openai-compatible providers and localServerURLs', () => {
  const remote = { id: 'team', kind: 'openai-compatible', model: 'm', baseURL: 'http://10.0.0.5:8000/v1' };
  const d = scopeSettings(input({
    providers: { workspaceValue: [remote, { id: 'lo', kind: 'openai-compatible', model: 'm', baseURL: 'http://localhost:1234/v1' }] },
    localServerURLs: { defaultValue: [], workspaceValue: ['http://127.0.0.1:8080/v1', 'http://[::1]:9/v1', 'https://gpu.evil.example/v1'] },
  }));
  assert.deepEqual((d.values.providers as { id: string }[]).map((p) => p.id), ['lo']);
  assert.deepEqual(d.values.localServerURLs, ['http://127.0.0.1:8080/v1', 'http://[::1]:9/v1']);
  assert.deepEqual(d.confirm.map((c) => c.id), ['code http://10.0.0.5:8000', 'code https://gpu.evil.example']);
  assert.match(d.confirm[0].question, /your code and prompts to http:\/\/10\.0\.0\.5:8000/);
  assert.equal(d.ignored.length, 2);

  const allowed = scopeSettings(input({ providers: { workspaceValue: [remote] }, confirmed: ['code http://10.0.0.5:8000'] }));
  assert.deepEqual(allowed.values.providers, [remote]);
  const userUses = scopeSettings(input({ providers: { workspaceValue: [remote] }, localServerURLs: { globalValue: ['http://10.0.0.5:8000/v1'] } }));
  assert.deepEqual(userUses.values.providers, [remote], 'a host in the user\'s own localServerURLs is the user\'s choice');
  assert.deepEqual(scopeSettings(input({ localServerURLs: { globalValue: ['https://gpu.example/v1'] } })).values.localServerURLs, ['https://gpu.example/v1']);
});

test('the same provider is honoured from user settings, after confirmation, or at the vendor origin', () => {
  const user = scopeSettings(input({ providers: { globalValue: [EVIL_OPENAI] } }));
  assert.deepEqual(user.values.providers, [EVIL_OPENAI]);
  assert.deepEqual([user.ignored, user.confirm], [[], []]);

  const ok = scopeSettings(input({ providers: { workspaceFolderValue: [EVIL_OPENAI] }, confirmed: [confirmationId('openai-key', 'https://evil.example')] }));
  assert.deepEqual(ok.values.providers, [EVIL_OPENAI]);
  assert.deepEqual([ok.ignored, ok.confirm], [[], []]);

  const vendor = { ...EVIL_OPENAI, baseURL: 'https://api.openai.com/v1' };
  assert.deepEqual(scopeSettings(input({ providers: { workspaceValue: [vendor] } })).values.providers, [vendor]);

  // A workspace may reuse a host the user's own provider of the same kind already uses.
  const sameHost = { ...EVIL_OPENAI, id: 'ws', model: 'other' };
  assert.deepEqual(scopeSettings(input({ providers: { globalValue: [EVIL_OPENAI], workspaceValue: [sameHost] } })).values.providers, [sameHost]);
});

test('confirming the OpenAI host does not allow the same host for the Anthropic key', () => {
  const anthropic = { id: 'a', kind: 'anthropic', model: 'c', baseURL: 'https://evil.example' };
  const d = scopeSettings(input({ providers: { workspaceValue: [anthropic] }, confirmed: [confirmationId('openai-key', 'https://evil.example')] }));
  assert.deepEqual(d.values.providers, []);
  assert.equal(d.confirm[0].id, 'anthropic-key https://evil.example');
});

test('otlpEndpoint from the workspace: not used until confirmed; the user setting stands', () => {
  const d = scopeSettings(input({ otlpEndpoint: { globalValue: 'http://127.0.0.1:4318', workspaceValue: 'https://collector.evil.example' } }));
  assert.equal(d.values.otlpEndpoint, 'http://127.0.0.1:4318');
  assert.equal(d.confirm[0].id, 'otlp-export https://collector.evil.example');
  assert.match(d.ignored[0], /^weavergen\.telemetry\.otlpEndpoint from the workspace settings/);

  const ok = scopeSettings(input({ otlpEndpoint: { workspaceValue: 'https://collector.evil.example/v1/traces' }, confirmed: ['otlp-export https://collector.evil.example'] }));
  assert.equal(ok.values.otlpEndpoint, 'https://collector.evil.example/v1/traces');
  assert.deepEqual([ok.ignored, ok.confirm], [[], []]);

  const user = scopeSettings(input({ otlpEndpoint: { globalValue: 'https://mine.example' } }));
  assert.equal(user.values.otlpEndpoint, 'https://mine.example');
  assert.deepEqual([user.ignored, user.confirm], [[], []]);
});

test('captureContent from the workspace is honoured only when nothing is exported or content was allowed for the host', () => {
  const local = scopeSettings(input({ captureContent: { workspaceValue: true } }));
  assert.equal(local.values.captureContent, true, 'no export: content stays in the local trace store');
  assert.deepEqual(local.ignored, []);

  const exported = scopeSettings(input({ captureContent: { workspaceValue: true }, otlpEndpoint: { globalValue: 'https://mine.example' } }));
  assert.equal(exported.values.captureContent, false);
  assert.equal(exported.confirm[0].id, 'otlp-content https://mine.example');
  assert.match(exported.ignored[0], /^weavergen\.telemetry\.captureContent/);

  const allowed = scopeSettings(input({ captureContent: { workspaceValue: true }, otlpEndpoint: { globalValue: 'https://mine.example' }, confirmed: ['otlp-content https://mine.example'] }));
  assert.equal(allowed.values.captureContent, true);

  const userBoth = scopeSettings(input({ captureContent: { globalValue: true }, otlpEndpoint: { globalValue: 'https://mine.example' } }));
  assert.equal(userBoth.values.captureContent, true);
  assert.deepEqual(userBoth.confirm, []);

  const wsOff = scopeSettings(input({ captureContent: { globalValue: true, workspaceValue: false }, otlpEndpoint: { globalValue: 'https://mine.example' } }));
  assert.equal(wsOff.values.captureContent, false, 'a workspace may always capture less');
});

test('workspace endpoint with content: one question covers both; export-only confirmation does not carry content', () => {
  const both = scopeSettings(input({ captureContent: { workspaceValue: true }, otlpEndpoint: { workspaceValue: 'https://c.example' } }));
  assert.equal(both.values.otlpEndpoint, '');
  assert.equal(both.values.captureContent, true, 'nothing is exported, so content stays local');
  assert.deepEqual(both.confirm.map((c) => c.id), ['otlp-content https://c.example']);

  const exportOnly = scopeSettings(input({ captureContent: { workspaceValue: true }, otlpEndpoint: { workspaceValue: 'https://c.example' }, confirmed: ['otlp-export https://c.example'] }));
  assert.equal(exportOnly.values.otlpEndpoint, 'https://c.example');
  assert.equal(exportOnly.values.captureContent, false);
  assert.deepEqual(exportOnly.confirm.map((c) => c.id), ['otlp-content https://c.example']);

  const userCaptureWsEndpoint = scopeSettings(input({ captureContent: { globalValue: true }, otlpEndpoint: { workspaceValue: 'https://c.example' }, confirmed: ['otlp-export https://c.example'] }));
  assert.equal(userCaptureWsEndpoint.values.captureContent, false, 'the user captures for their own collector, not for a workspace one');
});

test('otlpHeaders in settings (user or workspace) are never used, with one message', () => {
  for (const otlpHeaders of [{ globalValue: { authorization: 'Bearer x' } }, { workspaceValue: { authorization: 'Bearer x' } }]) {
    const d = scopeSettings(input({ otlpHeaders }));
    assert.equal(d.ignored.length, 1);
    assert.match(d.ignored[0], /otlpHeaders in settings\.json is ignored/);
    assert.ok(!d.ignored[0].includes('Bearer'));
  }
  assert.deepEqual(scopeSettings(input({ otlpHeaders: none })).ignored, []);
});

test('an isolation opt-in counts only from the user settings; a workspace may switch it off', () => {
  const name = 'execution.allowWithoutOsSandbox';
  const ws = scopeSettings(input({ optIns: { [name]: { defaultValue: false, workspaceValue: true } } }));
  assert.equal(ws.values.optIns[name], false);
  assert.match(ws.ignored[0], /^weavergen\.execution\.allowWithoutOsSandbox can only be switched on in your user settings/);
  assert.equal(scopeSettings(input({ optIns: { [name]: { defaultValue: false, globalValue: true } } })).values.optIns[name], true);
  assert.equal(scopeSettings(input({ optIns: { [name]: { defaultValue: false, globalValue: true, workspaceFolderValue: false } } })).values.optIns[name], false);
  assert.equal(scopeSettings(input({ optIns: { [name]: { globalValue: true, workspaceValue: true } } })).values.optIns[name], true);
});
