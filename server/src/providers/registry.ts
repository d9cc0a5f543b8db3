/**
 * Turns settings + keys into the providers in use. Order of preference: configured
 * providers that can run; else detected local servers; else the recorded demo.
 * ProviderInfo.enabled means "will be asked"; unusable ones are listed with a note.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProviderInfo } from '../protocol';
import type { ProviderSettings, WeaverSettings } from '../protocol/settings';
import type { ModelProvider, ProviderConfig } from './types';
import { OpenAIProvider } from './openai';
import { AnthropicProvider } from './anthropic';
import { ReplayProvider } from './replay';
import { detectLocalServers } from './detect';
import { chooseModel } from './chooseModel';

export interface ProviderEnv {
  keys: Partial<Record<'openai' | 'anthropic', string>>;
  demoRecordingPath: string;
}

export interface ResolvedProviders {
  providers: ModelProvider[];
  infos: ProviderInfo[];
  notes: string[];
}

export const DEMO_PROVIDER_ID = 'demo';
export const DEMO_MODEL = 'recorded-demo';

/** How each provider made by createProvider was made (a worker thread makes its own copy: background/). */
const specs = new WeakMap<ModelProvider, ProviderSpec>();

/** A provider's configuration and key: enough to make the same provider elsewhere. Never logged. */
export interface ProviderSpec {
  config: ProviderConfig;
  key?: string;
}

export function createProvider(config: ProviderConfig, key?: string): ModelProvider {
  const p = makeProvider(config, key);
  specs.set(p, { config, ...(key !== undefined ? { key } : {}) });
  return p;
}

/** How `p` was made, when createProvider made it. */
export function providerSpec(p: ModelProvider): ProviderSpec | undefined {
  return specs.get(p);
}

function makeProvider(config: ProviderConfig, key?: string): ModelProvider {
  switch (config.kind) {
    case 'openai':
    case 'openai-compatible':
      return new OpenAIProvider(config, key);
    case 'anthropic':
      return new AnthropicProvider(config, key);
    case 'replay':
      return new ReplayProvider(config);
  }
}

/** The bundled demo recording, from dist/*.js or from source under tsx. */
export function demoRecordingPath(): string {
  const candidates = [
    path.resolve(__dirname, '../server/assets/demo-recording.jsonl'),
    path.resolve(__dirname, '../../assets/demo-recording.jsonl'),
  ];
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}

const VENDOR: Record<'openai' | 'anthropic', { name: string; env: string }> = {
  openai: { name: 'OpenAI', env: 'OPENAI_API_KEY' },
  anthropic: { name: 'Anthropic', env: 'ANTHROPIC_API_KEY' },
};

export async function resolveProviders(
  settings: WeaverSettings,
  env: ProviderEnv,
  signal?: AbortSignal,
): Promise<ResolvedProviders> {
  const out: ResolvedProviders = { providers: [], infos: [], notes: [] };
  const common = { timeoutMs: settings.requestTimeoutMs, maxRetries: settings.maxRetries };
  const use = (p: ModelProvider, info: Omit<ProviderInfo, 'enabled'>) => {
    out.providers.push(p);
    out.infos.push({ ...info, enabled: true });
  };

  for (const s of settings.providers) {
    const info: Omit<ProviderInfo, 'enabled'> = {
      id: s.id, kind: s.kind, model: s.model, recorded: s.kind === 'replay', source: 'settings',
      ...(s.baseURL ? { baseURL: s.baseURL } : {}),
    };
    const unusable = whyUnusable(s, env);
    if (s.kind === 'openai' || s.kind === 'anthropic') info.hasKey = Boolean(env.keys[s.kind]);
    if (s.enabled === false || unusable) {
      out.infos.push({ ...info, enabled: false });
      if (unusable && s.enabled !== false) out.notes.push(unusable);
      continue;
    }
    const key = s.kind === 'openai' || s.kind === 'anthropic' ? env.keys[s.kind] : undefined;
    const replayFile = s.kind === 'replay' ? env.demoRecordingPath : undefined;
    use(createProvider({ ...s, ...common, ...(replayFile ? { replayFile } : {}) }, key), info);
  }

  if (out.providers.length === 0 && settings.detectLocalServers && !signal?.aborted) {
    const taken = new Set(out.infos.map((i) => i.id));
    for (const server of await detectLocalServers(settings.localServerURLs, { signal })) {
      const model = chooseModel(server.models);
      if (!model) continue;
      const id = uniqueId(server.product, taken);
      use(createProvider({ id, kind: 'openai-compatible', model, baseURL: server.baseURL, ...common }),
        { id, kind: 'openai-compatible', model, recorded: false, source: 'detected', baseURL: server.baseURL });
      out.notes.push(`Detected a local ${server.product} server at ${server.baseURL}; using model "${model}".`);
    }
  }

  const wantDemo = settings.replayDemo === 'always' || (settings.replayDemo === 'auto' && out.providers.length === 0);
  if (wantDemo) {
    const id = uniqueId(DEMO_PROVIDER_ID, new Set(out.infos.map((i) => i.id)));
    use(createProvider({ id, kind: 'replay', model: DEMO_MODEL, replayFile: env.demoRecordingPath, ...common }),
      { id, kind: 'replay', model: DEMO_MODEL, recorded: true, source: 'demo' });
    out.notes.push('Using the recorded demo: answers are recordings, not a live model. Add an API key or start a local model server for live answers.');
  }
  if (out.providers.length === 0) {
    out.notes.push('No model provider is available: add an API key, configure "weavergen.providers", or start a local model server.');
  }
  return out;
}

function whyUnusable(s: ProviderSettings, env: ProviderEnv): string | undefined {
  if (s.kind === 'openai' || s.kind === 'anthropic') {
    if (env.keys[s.kind]) return undefined;
    const v = VENDOR[s.kind];
    return `${v.name} provider "${s.id}" has no API key: run "WeaverGen: Set API Key" or set ${v.env}.`;
  }
  if (s.kind === 'openai-compatible' && !s.baseURL) {
    return `OpenAI-compatible provider "${s.id}" needs a "baseURL" (for example http://127.0.0.1:11434/v1).`;
  }
  return undefined;
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
