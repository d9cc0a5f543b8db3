/**
 * Worker side: the providers of a job. One the server described (configuration and key) is
 * made here once and reused by later jobs (its SDK client and connections with it), so the
 * model call — HTTP, streaming, parsing — happens in this thread; any other is called
 * through the server (RemoteCalls). Every provider records its `chat {model}` span here.
 */
import { createProvider } from '../providers/registry';
import type { ModelProvider } from '../providers/types';
import { instrumentProvider, type Telemetry } from '../telemetry';
import type { RemoteProviderInfo } from './protocol';
import type { RemoteCalls } from './remoteProviders';

/** Providers kept between jobs (a settings change makes new ones; the oldest go). */
const MAX_KEPT = 16;

export class WorkerProviders {
  private readonly made = new Map<string, ModelProvider>();

  constructor(private readonly calls: RemoteCalls, private readonly telemetry: Telemetry) {}

  forJob(infos: readonly RemoteProviderInfo[], job: number): ModelProvider[] {
    const secrets = infos.map((i) => i.spec?.key).filter((k): k is string => Boolean(k));
    if (secrets.length) this.telemetry.setSecrets(secrets);
    return infos.map((info) => instrumentProvider(info.spec ? this.madeFor(info) : this.calls.provider(info, job), this.telemetry));
  }

  private madeFor(info: RemoteProviderInfo): ModelProvider {
    const id = JSON.stringify(info.spec);
    let p = this.made.get(id);
    if (!p) {
      p = createProvider(info.spec!.config, info.spec!.key);
      this.made.set(id, p);
      if (this.made.size > MAX_KEPT) this.made.delete(this.made.keys().next().value!);
    }
    return p;
  }
}
