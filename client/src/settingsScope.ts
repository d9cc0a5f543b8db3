/**
 * Trust scoping of the settings that can send a user's key or code to another host. A
 * repository's `.vscode/settings.json` (workspace or folder scope) may not:
 * - point a keyed provider (`openai`, `anthropic`) at a `baseURL` other than the vendor's own;
 * - point an `openai-compatible` provider or a `localServerURLs` entry at a host off this machine
 *   (the code and prompts would go there);
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
  /** Optional: absent = not scoped. */
  localServerURLs?: ScopedValue;
  otlpEndpoint: ScopedValue;
  captureContent: ScopedValue;
  otlpHeaders: ScopedValue;
  /** `HostConfirmation.id`s the user allowed before. */
  confirmed: readonly string[];
  /** Boolean opt-ins a workspace may switch off but never on, by setting name (`execution.allowWithoutOsSandbox`). */
  optIns?: Record<string, ScopedValue>;
}

export type HostPurpose = 'openai-key' | 'anthropic-key' | 'code' | 'otlp-export' | 'otlp-content';

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
  values: { providers: unknown; localServerURLs: unknown; otlpEndpoint: unknown; captureContent: unknown; optIns: Record<string, unknown> };
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

  const providers = scopeProviders(input.providers, input.localServerURLs?.globalValue, ask, ignored);
  const localServerURLs = input.localServerURLs ? scopeLocalServerURLs(input.localServerURLs, ask, ignored) : undefined;

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

  return { values: { providers, localServerURLs, otlpEndpoint, captureContent, optIns }, ignored, confirm: [...confirm.values()] };
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
 * Workspace providers that would send the user's key (keyed kinds) or the code (openai-compatible)
 * to a host the user did not choose are left out until the user allows that host. Always chosen:
 * the vendor's own origin, a loopback host (for code), and origins the user's own settings use.
 */
function scopeProviders(v: ScopedValue, userUrls: unknown, ask: Ask, ignored: string[]): unknown {
  const ws = workspaceOf(v);
  if (!Array.isArray(ws)) return effective(v);
  const userChosen = new Set((Array.isArray(v.globalValue) ? v.globalValue : []).flatMap((p) => {
    const t = sendTarget(p);
    return t ? [confirmationId(t.purpose, t.origin)] : [];
  }));
  for (const u of Array.isArray(userUrls) ? userUrls : []) if (typeof u === 'string') userChosen.add(confirmationId('code', originOf(u)));
  return ws.filter((p, i) => {
    const t = sendTarget(p);
    if (!t || userChosen.has(confirmationId(t.purpose, t.origin))) return true;
    const what = t.purpose === 'code' ? 'your code and prompts' : `your ${VENDOR_NAMES[t.kind as 'openai' | 'anthropic']} API key`;
    const allowed = ask({
      purpose: t.purpose, origin: t.origin, setting: `weavergen.providers[${i}].baseURL`,
      question: `This workspace's settings send ${what} to ${t.origin} (provider "${t.id}"). Allow this host?`,
    });
    if (!allowed) ignored.push(`weavergen.providers[${i}] ("${t.id}") from the workspace settings sends ${what} to ${t.origin}: not used until you allow that host.`);
    return allowed;
  });
}

/** Workspace `localServerURLs` on a non-loopback host are probed (and then sent code) only once allowed. */
function scopeLocalServerURLs(v: ScopedValue, ask: Ask, ignored: string[]): unknown {
  const ws = workspaceOf(v);
  if (!Array.isArray(ws)) return effective(v);
  const user = new Set((Array.isArray(v.globalValue) ? v.globalValue : []).filter((u): u is string => typeof u === 'string').map(originOf));
  return ws.filter((u, i) => {
    if (typeof u !== 'string' || isLoopback(u) || user.has(originOf(u))) return true;
    const origin = originOf(u);
    const allowed = ask({
      purpose: 'code', origin, setting: `weavergen.localServerURLs[${i}]`,
      question: `This workspace's settings send your code and prompts to ${origin} (as a "local" model server). Allow this host?`,
    });
    if (!allowed) ignored.push(`weavergen.localServerURLs[${i}] from the workspace settings is not on this machine (${origin}): not probed until you allow that host.`);
    return allowed;
  });
}

type SendPurpose = 'openai-key' | 'anthropic-key' | 'code';

/** Where a provider entry sends the key or the code, when that needs the user's choice; else undefined. */
function sendTarget(p: unknown): { purpose: SendPurpose; kind: string; origin: string; id: string } | undefined {
  if (!p || typeof p !== 'object') return undefined;
  const o = p as Record<string, unknown>;
  if (typeof o.baseURL !== 'string' || !o.baseURL.trim()) return undefined;
  const url = o.baseURL.trim();
  const origin = originOf(url);
  if (o.kind === 'openai' || o.kind === 'anthropic') {
    return origin === VENDOR_ORIGINS[o.kind] ? undefined : { purpose: `${o.kind}-key`, kind: o.kind, origin, id: String(o.id) };
  }
  if (o.kind === 'openai-compatible' && !isLoopback(url)) return { purpose: 'code', kind: o.kind, origin, id: String(o.id) };
  return undefined;
}

/** A URL on this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopback(url: string): boolean {
  try {
    const h = new URL(url).hostname;
    return h === 'localhost' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
  } catch {
    return false;
  }
}
