/**
 * Trust scoping of the settings that can send a user's key or code to another host. A
 * repository's `.vscode/settings.json` (workspace or folder scope) may not:
 * - point a keyed provider (`openai`, `anthropic`) at a `baseURL` other than the vendor's own;
 * - set `telemetry.otlpEndpoint` (spans leave the machine);
 * - switch `telemetry.captureContent` on while spans are exported;
 * - switch on an opt-in that lets code run with less isolation (`ScopeInput.optIns`, e.g.
 *   `execution.allowWithoutOsSandbox`): only the user's own `true` counts.
 * Such values are honoured when they come from the user's own (global/machine) settings, or
 * after the user confirmed that host once (remembered by the client in globalState as
 * `HostConfirmation.id`). `telemetry.otlpHeaders` are never read from settings: they live in
 * SecretStorage ("WeaverGen: Set OTLP Headers").
 *
 * Pure: no `vscode` import; the client feeds it `WorkspaceConfiguration.inspect()` results
 * (client/src/config.ts) and does the prompting (client/src/trustPrompt.ts).
 */

/** The scopes of one setting, as `WorkspaceConfiguration.inspect()` reports them. */
export interface ScopedValue {
  defaultValue?: unknown;
  /** User settings (and machine/remote settings, which VS Code reports here too). */
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export interface ScopeInput {
  providers: ScopedValue;
  otlpEndpoint: ScopedValue;
  captureContent: ScopedValue;
  otlpHeaders: ScopedValue;
  /** `HostConfirmation.id`s the user allowed before. */
  confirmed: readonly string[];
  /** Boolean opt-ins a workspace may switch off but never on, by setting name (`execution.allowWithoutOsSandbox`). */
  optIns?: Record<string, ScopedValue>;
}

export type HostPurpose = 'openai-key' | 'anthropic-key' | 'otlp-export' | 'otlp-content';

/** A host a workspace setting asks for, which the user may allow once. */
export interface HostConfirmation {
  /** `${purpose} ${origin}`: what is remembered. */
  id: string;
  purpose: HostPurpose;
  origin: string;
  /** The setting that asks for it. */
  setting: string;
  /** The question put to the user. */
  question: string;
}

export interface ScopeDecision {
  /** The values to use instead of the merged ones. */
  values: { providers: unknown; otlpEndpoint: unknown; captureContent: unknown; optIns: Record<string, unknown> };
  /** One line per value not honoured, naming the setting. */
  ignored: string[];
  /** Hosts the workspace asks for that the user has not allowed (yet). */
  confirm: HostConfirmation[];
}

/** The vendor endpoints a keyed provider may always use (its default when baseURL is unset). */
export const VENDOR_ORIGINS: Record<'openai' | 'anthropic', string> = {
  openai: 'https://api.openai.com',
  anthropic: 'https://api.anthropic.com',
};

const VENDOR_NAMES = { openai: 'OpenAI', anthropic: 'Anthropic' } as const;

export function scopeSettings(input: ScopeInput): ScopeDecision {
  const confirmed = new Set(input.confirmed);
  const ignored: string[] = [];
  const confirm = new Map<string, HostConfirmation>();
  const ask = (c: Omit<HostConfirmation, 'id'>) => {
    const id = confirmationId(c.purpose, c.origin);
    if (!confirmed.has(id)) confirm.set(id, { id, ...c });
    return confirmed.has(id);
  };

  const providers = scopeProviders(input.providers, ask, ignored);

  const userEndpoint = endpoint(input.otlpEndpoint.globalValue);
  const wsEndpoint = workspaceOf(input.otlpEndpoint);
  const userCapture = input.captureContent.globalValue === true;
  const wsCapture = workspaceOf(input.captureContent);
  const wantsCapture = wsCapture === undefined ? userCapture : wsCapture === true;

  let otlpEndpoint = effective(input.otlpEndpoint);
  let captureContent = effective(input.captureContent);
  const userOrigin = originOf(userEndpoint);
  const wsOrigin = wsEndpoint === undefined ? undefined : originOf(endpoint(wsEndpoint));
  if (wsOrigin !== undefined && wsOrigin !== '' && wsOrigin !== userOrigin) {
    // Allowing content implies allowing the export; asked with content when content would go.
    const allowed = confirmed.has(confirmationId('otlp-export', wsOrigin)) || confirmed.has(confirmationId('otlp-content', wsOrigin)) || ask({
      purpose: wantsCapture ? 'otlp-content' : 'otlp-export', origin: wsOrigin, setting: 'weavergen.telemetry.otlpEndpoint',
      question: `This workspace's settings export WeaverGen traces${wantsCapture ? ' (with source code, prompts and model answers)' : ''} to ${wsOrigin}. Allow this host?`,
    });
    if (!allowed) {
      otlpEndpoint = userEndpoint;
      ignored.push(`weavergen.telemetry.otlpEndpoint from the workspace settings (${wsOrigin}) is not used until you allow that host; using your user setting${userEndpoint ? ` (${userOrigin})` : ' (no export)'}.`);
    }
  }
  // Content leaves the machine only to a host the user chose: their own endpoint with their own
  // captureContent, or a host allowed for content.
  const exportOrigin = originOf(endpoint(otlpEndpoint));
  const userChoseAll = exportOrigin === userOrigin && (wsCapture !== true || userCapture);
  if (captureContent === true && exportOrigin !== '' && !userChoseAll) {
    const allowed = ask({
      purpose: 'otlp-content', origin: exportOrigin, setting: 'weavergen.telemetry.captureContent',
      question: `WeaverGen would put source code, prompts and model answers into the traces exported to ${exportOrigin}, as this workspace's settings ask. Allow this host?`,
    });
    if (!allowed) {
      captureContent = false;
      ignored.push(`weavergen.telemetry.captureContent is not used while traces go to ${exportOrigin} as the workspace settings ask, until you allow that host; content is not captured.`);
    }
  }

  const headers = [input.otlpHeaders.globalValue, workspaceOf(input.otlpHeaders)].some((v) => v && typeof v === 'object' && Object.keys(v).length);
  if (headers) ignored.push('weavergen.telemetry.otlpHeaders in settings.json is ignored: header tokens are kept in secret storage (run "WeaverGen: Set OTLP Headers").');

  const optIns: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(input.optIns ?? {})) {
    optIns[name] = effective(v);
    if (workspaceOf(v) === true && v.globalValue !== true) {
      optIns[name] = false;
      ignored.push(`weavergen.${name} can only be switched on in your user settings; the workspace value is not used.`);
    }
  }

  return { values: { providers, otlpEndpoint, captureContent, optIns }, ignored, confirm: [...confirm.values()] };
}

export function confirmationId(purpose: HostPurpose, origin: string): string {
  return `${purpose} ${origin}`;
}

/** The workspace-level value (folder over workspace), or undefined when the workspace sets none. */
function workspaceOf(v: ScopedValue): unknown {
  return v.workspaceFolderValue !== undefined ? v.workspaceFolderValue : v.workspaceValue;
}

/** What VS Code would use: folder, then workspace, then user, then the default. */
function effective(v: ScopedValue): unknown {
  for (const x of [v.workspaceFolderValue, v.workspaceValue, v.globalValue]) if (x !== undefined) return x;
  return v.defaultValue;
}

function endpoint(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** `https://host:port` of a URL; '' for empty; the text itself when it is not a URL (then it never matches). */
export function originOf(url: string): string {
  if (!url) return '';
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

type Ask = (c: Omit<HostConfirmation, 'id'>) => boolean;

/**
 * Workspace providers of a keyed kind whose baseURL is not the vendor's and not one the user's
 * own providers of that kind use are left out until the user allows that host.
 */
function scopeProviders(v: ScopedValue, ask: Ask, ignored: string[]): unknown {
  const ws = workspaceOf(v);
  if (!Array.isArray(ws)) return effective(v);
  const userOrigins = new Set((Array.isArray(v.globalValue) ? v.globalValue : []).flatMap((p) => {
    const o = keyedTarget(p);
    return o ? [`${o.kind} ${o.origin}`] : [];
  }));
  return ws.filter((p, i) => {
    const target = keyedTarget(p);
    if (!target || target.origin === VENDOR_ORIGINS[target.kind] || userOrigins.has(`${target.kind} ${target.origin}`)) return true;
    const vendor = VENDOR_NAMES[target.kind];
    const allowed = ask({
      purpose: `${target.kind}-key`, origin: target.origin, setting: `weavergen.providers[${i}].baseURL`,
      question: `This workspace's settings send your ${vendor} API key to ${target.origin} (provider "${target.id}"). Allow this host?`,
    });
    if (!allowed) ignored.push(`weavergen.providers[${i}] ("${target.id}") from the workspace settings sends your ${vendor} key to ${target.origin}: not used until you allow that host.`);
    return allowed;
  });
}

/** The kind and baseURL origin of a keyed provider entry with a baseURL, else undefined. */
function keyedTarget(p: unknown): { kind: 'openai' | 'anthropic'; origin: string; id: string } | undefined {
  if (!p || typeof p !== 'object') return undefined;
  const o = p as Record<string, unknown>;
  if ((o.kind !== 'openai' && o.kind !== 'anthropic') || typeof o.baseURL !== 'string' || !o.baseURL.trim()) return undefined;
  return { kind: o.kind, origin: originOf(o.baseURL.trim()), id: String(o.id) };
}
