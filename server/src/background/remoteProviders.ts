/**
 * Worker side: providers whose calls are made by the server (pipeline.ts) — those the
 * registry did not make, which the worker cannot remake (workerProviders.ts). A call posts the
 * request and waits for the server's answer; aborting the call's signal tells the server to
 * abort the HTTP request and rejects at once with the provider's cancellation.
 */
import { providerError } from '../providers/errors';
import type { CompletionRequest, CompletionResult, ModelProvider } from '../providers/types';
import type { FromPipeline, RemoteProviderInfo } from './protocol';
import { fromWire, type WireError } from './wireError';

interface PendingCall {
  resolve(r: CompletionResult): void;
  reject(e: unknown): void;
  cleanup(): void;
}

export class RemoteCalls {
  private readonly calls = new Map<number, PendingCall>();
  private next = 1;

  constructor(private readonly post: (m: FromPipeline) => void) {}

  /** A provider of job `job` whose calls go to the server. */
  provider(info: RemoteProviderInfo, job: number): ModelProvider {
    return { ...info, complete: (req) => this.complete(job, info.id, req) };
  }

  /** The server's answer to call `call`. */
  completed(call: number, result: CompletionResult): void {
    this.settle(call)?.resolve(result);
  }

  failed(call: number, error: WireError): void {
    this.settle(call)?.reject(fromWire(error));
  }

  private complete(job: number, providerId: string, req: CompletionRequest): Promise<CompletionResult> {
    const { signal, onDelta: _onDelta, ...request } = req;
    if (signal?.aborted) return Promise.reject(providerError('cancelled', providerId));
    const call = this.next++;
    return new Promise<CompletionResult>((resolve, reject) => {
      const onAbort = () => {
        if (!this.settle(call)) return;
        this.post({ type: 'abort', call });
        reject(providerError('cancelled', providerId));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.calls.set(call, { resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) });
      this.post({ type: 'complete', call, job, providerId, request });
    });
  }

  private settle(call: number): PendingCall | undefined {
    const p = this.calls.get(call);
    if (!p) return undefined;
    this.calls.delete(call);
    p.cleanup();
    return p;
  }
}
