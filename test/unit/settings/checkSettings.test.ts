/**
 * Golden cases for `weavergen.*` settings validation: every wrongly typed or out-of-range value
 * is replaced by its default (or clamped to its maximum) with one message naming the setting.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSettings, DEFAULT_SETTINGS, type WeaverSettings } from '../../../server/src/protocol/settings';

/** [raw settings, read the resolved value, expected value, the one message (or undefined: none)] */
type Golden = [unknown, (s: WeaverSettings) => unknown, unknown, RegExp | undefined];

const GOLDEN: Golden[] = [
  [{ requestTimeoutMs: 1e308 }, (s) => s.requestTimeoutMs, 600000, /^weavergen\.requestTimeoutMs must be at most 600000 \(got 1e\+308\); using 600000\.$/],
  [{ requestTimeoutMs: Infinity }, (s) => s.requestTimeoutMs, 60000, /^weavergen\.requestTimeoutMs must be a number between 1 and 600000 \(got Infinity\); using the default 60000\.$/],
  [{ requestTimeoutMs: NaN }, (s) => s.requestTimeoutMs, 60000, /^weavergen\.requestTimeoutMs must be a number .*\(got NaN\)/],
  [{ requestTimeoutMs: '5000' }, (s) => s.requestTimeoutMs, 60000, /^weavergen\.requestTimeoutMs must be a number .*\(got "5000"\); using the default 60000\.$/],
  [{ requestTimeoutMs: -1 }, (s) => s.requestTimeoutMs, 60000, /^weavergen\.requestTimeoutMs must be at least 1 \(got -1\)/],
  [{ requestTimeoutMs: 1500 }, (s) => s.requestTimeoutMs, 1500, undefined],
  [{ maxRetries: -3 }, (s) => s.maxRetries, 2, /^weavergen\.maxRetries must be at least 0/],
  [{ maxRetries: 1e9 }, (s) => s.maxRetries, 10, /^weavergen\.maxRetries must be at most 10/],
  [{ maxRetries: 2.7 }, (s) => s.maxRetries, 2, undefined],
  [{ maxContextTokens: 0 }, (s) => s.maxContextTokens, 2000, /^weavergen\.maxContextTokens must be at least 1/],
  [{ replayDemo: 'sometimes' }, (s) => s.replayDemo, 'auto', /^weavergen\.replayDemo must be one of auto, always, never \(got "sometimes"\)/],
  [{ detectLocalServers: 'yes' }, (s) => s.detectLocalServers, true, /^weavergen\.detectLocalServers must be true or false/],
  [{ localServerURLs: ['http://127.0.0.1:1/v1', 'file:///etc/passwd'] }, (s) => s.localServerURLs, ['http://127.0.0.1:1/v1'], /^weavergen\.localServerURLs\[1\] must be an http\(s\) URL; ignored\.$/],
  [{ orchestra: { samplesPerProvider: 99 } }, (s) => s.orchestra.samplesPerProvider, 8, /^weavergen\.orchestra\.samplesPerProvider must be at most 8/],
  [{ orchestra: { overallDeadlineMs: 1e308 } }, (s) => s.orchestra.overallDeadlineMs, 600000, /^weavergen\.orchestra\.overallDeadlineMs must be at most 600000/],
  [{ orchestra: 'fast' }, (s) => s.orchestra, DEFAULT_SETTINGS.orchestra, /^weavergen\.orchestra must be an object \(got "fast"\); using the defaults\.$/],
  [{ execution: { enabled: 1 } }, (s) => s.execution.enabled, true, /^weavergen\.execution\.enabled must be true or false/],
  [{ telemetry: { maxStoreBytes: -5 } }, (s) => s.telemetry.maxStoreBytes, 8388608, /^weavergen\.telemetry\.maxStoreBytes must be at least 1024/],
  [{ telemetry: { otlpEndpoint: 'javascript:alert(1)' } }, (s) => s.telemetry.otlpEndpoint, '', /^weavergen\.telemetry\.otlpEndpoint must be an http\(s\) URL or empty/],
  [{ telemetry: { captureContent: 'true' } }, (s) => s.telemetry.captureContent, false, /^weavergen\.telemetry\.captureContent must be true or false/],
  [{ pregeneration: { tokensPerHour: -100 } }, (s) => s.pregeneration.tokensPerHour, 20000, /^weavergen\.pregeneration\.tokensPerHour must be at least 0 \(got -100\)/],
  [{ pregeneration: { cacheTtlMinutes: 0 } }, (s) => s.pregeneration.cacheTtlMinutes, 30, /^weavergen\.pregeneration\.cacheTtlMinutes must be at least 0\.01/],
  [{ pregeneration: { inlineMinQuality: 500 } }, (s) => s.pregeneration.inlineMinQuality, 100, /^weavergen\.pregeneration\.inlineMinQuality must be at most 100/],
  [{ repair: { maxSeconds: 1e308 } }, (s) => s.repair.maxSeconds, 3600, /^weavergen\.repair\.maxSeconds must be at most 3600/],
  [{ repair: { maxTokens: -1 } }, (s) => s.repair.maxTokens, 20000, /^weavergen\.repair\.maxTokens must be at least 0/],
  [{ learning: { outcomeDelayMs: [] } }, (s) => s.learning.outcomeDelayMs, 30000, /^weavergen\.learning\.outcomeDelayMs must be a number/],
  [{ providers: { id: 'x' } }, (s) => s.providers, [], /^weavergen\.providers must be an array/],
  [{ providers: [{ id: 'a', kind: 'gpt', model: 'm' }] }, (s) => s.providers, [], /^weavergen\.providers\[0\]\.kind must be one of openai, anthropic, openai-compatible, replay; ignored\.$/],
  [{ providers: [{ id: 'a', kind: 'openai', model: 'm', baseURL: 'ftp://x' }] }, (s) => s.providers, [], /^weavergen\.providers\[0\]\.baseURL must be an http\(s\) URL; ignored\.$/],
  [{ providers: [{ id: 'a', kind: 'openai', model: 'm', maxTokens: -4 }] }, (s) => s.providers, [{ id: 'a', kind: 'openai', model: 'm' }], /^weavergen\.providers\[0\]\.maxTokens must be a number between 1 and 1000000 \(got -4\); ignored\.$/],
  [{ providers: [{ id: 'a', kind: 'openai', model: 'm', temperature: 9 }] }, (s) => s.providers, [{ id: 'a', kind: 'openai', model: 'm', temperature: 2 }], /^weavergen\.providers\[0\]\.temperature must be at most 2/],
  [{ providers: [{ id: 'a', kind: 'replay', model: 'm', enabled: false, apiKey: 'sk-x' }] }, (s) => s.providers, [{ id: 'a', kind: 'replay', model: 'm', enabled: false }], undefined],
  ['not settings', (s) => s, DEFAULT_SETTINGS, /^weavergen must be an object/],
];

for (const [raw, read, expected, message] of GOLDEN) {
  test(`settings golden: ${JSON.stringify(raw, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`, () => {
    const { settings, issues } = checkSettings(raw);
    assert.deepEqual(read(settings), expected);
    if (message) {
      assert.equal(issues.length, 1, `exactly one message, got ${JSON.stringify(issues)}`);
      assert.match(issues[0], message);
    } else {
      assert.deepEqual(issues, []);
    }
  });
}

test('defaults and absent values: no messages', () => {
  assert.deepEqual(checkSettings({}), { settings: DEFAULT_SETTINGS, issues: [] });
  assert.deepEqual(checkSettings(undefined), { settings: DEFAULT_SETTINGS, issues: [] });
  assert.deepEqual(checkSettings({ requestTimeoutMs: null, orchestra: null }).issues, []);
});

test('several bad values: one message each, each naming its setting', () => {
  const { issues } = checkSettings({ requestTimeoutMs: 1e308, repair: { maxIterations: -1 }, pregeneration: { maxSites: 'many' } });
  assert.equal(issues.length, 3);
  assert.deepEqual(issues.map((m) => m.split(' ')[0]), ['weavergen.requestTimeoutMs', 'weavergen.pregeneration.maxSites', 'weavergen.repair.maxIterations']);
});

test('a long bad value is cut in the message', () => {
  const { issues } = checkSettings({ replayDemo: 'x'.repeat(5000) });
  assert.ok(issues[0].length < 200, issues[0]);
});
