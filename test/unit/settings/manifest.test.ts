/**
 * package.json agrees with the code: every numeric setting's minimum/maximum is what
 * checkSettings enforces, defaults match DEFAULT_SETTINGS, the trust-scoped settings are
 * machine-scoped and restricted in untrusted workspaces, and every client command is declared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSettings, DEFAULT_SETTINGS } from '../../../server/src/protocol/settings';
import { ClientCommands } from '../../../server/src/protocol';

interface Prop { type?: string; default?: unknown; minimum?: number; maximum?: number; scope?: string }
const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Prop> }; commands: { command: string }[] };
  capabilities?: { untrustedWorkspaces?: { supported: unknown; restrictedConfigurations?: string[] } };
};
const props = pkg.contributes.configuration.properties;

/** `{ a: { b: v } }` for the setting `weavergen.a.b`. */
function nested(setting: string, v: unknown): Record<string, unknown> {
  const path = setting.split('.').slice(1);
  return path.reduceRight<unknown>((acc, k) => ({ [k]: acc }), v) as Record<string, unknown>;
}
function read(o: unknown, setting: string): unknown {
  return setting.split('.').slice(1).reduce<unknown>((acc, k) => (acc as Record<string, unknown>)?.[k], o);
}

test('every declared default is the default the server uses', () => {
  for (const [name, p] of Object.entries(props)) {
    if (name === 'weavergen.telemetry.otlpHeaders') continue;
    assert.deepEqual(read(DEFAULT_SETTINGS, name), p.default, name);
  }
});

test('numeric settings: the declared bounds are the enforced bounds', () => {
  const numeric = Object.entries(props).filter(([, p]) => p.type === 'number');
  assert.ok(numeric.length >= 15);
  for (const [name, p] of numeric) {
    assert.equal(typeof p.minimum, 'number', `${name} declares a minimum`);
    assert.equal(typeof p.maximum, 'number', `${name} declares a maximum`);
    const above = checkSettings(nested(name, p.maximum! * 2 + 1));
    assert.equal(read(above.settings, name), p.maximum, `${name} above its maximum is clamped`);
    assert.match(above.issues.join(' '), new RegExp(`${name.replace(/\./g, '\\.')} must be at most`));
    const below = checkSettings(nested(name, p.minimum! - 1));
    assert.equal(read(below.settings, name), p.default, `${name} below its minimum is the default`);
    assert.equal(checkSettings(nested(name, p.maximum)).issues.length, 0, `${name} at its maximum is accepted`);
  }
});

test('trust: the settings that send keys, code or traces are restricted and machine-scoped', () => {
  const u = pkg.capabilities?.untrustedWorkspaces;
  assert.equal(u?.supported, 'limited');
  const restricted = new Set(u?.restrictedConfigurations);
  for (const s of ['weavergen.providers', 'weavergen.localServerURLs', 'weavergen.execution.enabled',
    'weavergen.telemetry.otlpEndpoint', 'weavergen.telemetry.otlpHeaders', 'weavergen.telemetry.captureContent']) {
    assert.ok(restricted.has(s), `${s} is restricted`);
  }
  for (const s of restricted) assert.ok(props[s], `${s} is a declared setting`);
  for (const s of ['weavergen.telemetry.otlpEndpoint', 'weavergen.telemetry.otlpHeaders', 'weavergen.telemetry.captureContent']) {
    assert.equal(props[s].scope, 'machine', s);
  }
});

test('every client command is declared', () => {
  const declared = new Set(pkg.contributes.commands.map((c) => c.command));
  for (const id of Object.values(ClientCommands)) assert.ok(declared.has(id), id);
});
