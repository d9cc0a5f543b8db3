/**
 * TEST INFRASTRUCTURE — a local fake model server speaking the real OpenAI and
 * Anthropic wire protocols, so the real SDKs can be exercised without a network.
 * Never a product default.
 *
 *   OpenAI:    POST /v1/chat/completions (JSON or SSE), GET /v1/models
 *   Anthropic: POST /v1/messages (JSON or SSE events)
 *   Control:   POST /__control/reply {text, model?} · POST /__control/fault {...}
 *              POST /__control/latency {ms} · POST /__control/reset · GET /__control/requests
 *
 * Faults are queued; each is consumed by the first matching request (optionally only
 * requests for `model`). Every request is recorded without auth header values.
 */
import * as http from 'node:http';
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface Fault {
  /** Only requests for this model consume the fault. */
  model?: string;
  status?: number;
  /** Sent as the retry-after header, seconds. */
  retryAfter?: number;
  slowFirstByteMs?: number;
  /** Destroy the socket after this many streamed content chunks. */
  dropAfterChunks?: number;
  /** Send a non-JSON SSE data line after the first content chunk. */
  malformedChunk?: boolean;
  /** Never answer; wait for the client to go away. */
  hang?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased headers; authorization / x-api-key values replaced by "<present>". */
  headers: Record<string, string>;
  hadAuth: boolean;
  body: any;
  model?: string;
  api: 'openai' | 'anthropic' | 'models' | 'other';
  /** Date.now() when the request arrived. */
  at: number;
  /** True when the client closed the connection before the answer was complete. */
  aborted: boolean;
  /** True when the server cut the stream on purpose (dropAfterChunks). */
  dropped?: boolean;
  fault?: Fault;
}

export interface ResponderInput {
  api: 'openai' | 'anthropic';
  model: string;
  body: any;
  /** The last user message text. */
  prompt: string;
}
export type Responder = (req: ResponderInput) => string;

export interface FakeModelServerOptions {
  port?: number;
  /** Delay before the first byte of every answer, ms. */
  latencyMs?: number;
  /** Models listed by GET /v1/models. */
  models?: string[];
  /** Characters per streamed chunk (default 12). */
  chunkSize?: number;
}

export const DEFAULT_ANSWER = '```ts\n// answer from the fake model server\nreturn undefined as never;\n```';

export interface FakeModelServer {
  url: string;
  openaiBaseURL: string;
  anthropicBaseURL: string;
  port: number;
  requests: RecordedRequest[];
  /** Requests whose client went away before the answer was complete. */
  readonly aborted: number;
  /** 'request' (RecordedRequest, when its body has been read) and 'aborted' (RecordedRequest). */
  events: EventEmitter;
  setResponder(fn: Responder | undefined): void;
  setReply(text: string, model?: string): void;
  addFault(f: Fault): void;
  setLatency(ms: number): void;
  reset(): void;
  /** Resolves once `n` requests in total have been aborted by clients. */
  waitForAborted(n?: number): Promise<void>;
  /** Resolves once `n` model requests (not control/models) have arrived. */
  waitForRequests(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeModelServer(opts: FakeModelServerOptions = {}): Promise<FakeModelServer> {
  const events = new EventEmitter();
  const state = {
    latencyMs: opts.latencyMs ?? 0,
    faults: [] as Fault[],
    replies: new Map<string, string>(),
    reply: undefined as string | undefined,
    responder: undefined as Responder | undefined,
    aborted: 0,
  };
  const requests: RecordedRequest[] = [];
  const models = opts.models ?? ['fake-model'];
  const chunkSize = opts.chunkSize ?? 12;

  const answerFor = (input: ResponderInput): string =>
    state.replies.get(input.model) ?? state.reply ?? state.responder?.(input) ?? DEFAULT_ANSWER;

  const takeFault = (model: string | undefined): Fault | undefined => {
    const i = state.faults.findIndex((f) => !f.model || f.model === model);
    return i < 0 ? undefined : state.faults.splice(i, 1)[0];
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { message: String(e), type: 'server_error' } });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0];
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return json(res, 400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } });
    }
    if (path.startsWith('/__control/')) return control(req.method ?? 'GET', path, body, res);

    const api: RecordedRequest['api'] = path === '/v1/chat/completions' ? 'openai'
      : path === '/v1/messages' ? 'anthropic' : path === '/v1/models' ? 'models' : 'other';
    const rec: RecordedRequest = {
      method: req.method ?? 'GET', path, ...cleanHeaders(req.headers), body, api,
      model: typeof body?.model === 'string' ? body.model : undefined, at: Date.now(), aborted: false,
    };
    requests.push(rec);
    res.on('close', () => {
      if (res.writableFinished || rec.aborted || rec.dropped) return;
      rec.aborted = true;
      state.aborted++;
      events.emit('aborted', rec);
    });
    if (api === 'openai' || api === 'anthropic') rec.fault = takeFault(rec.model);
    events.emit('request', rec);

    if (api === 'models') return json(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
    if (api === 'other' || req.method !== 'POST') return json(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'not_found' } });

    const fault = rec.fault ?? {};
    if (fault.hang) return; // answered only by the client going away (or close()).
    const wait = (fault.slowFirstByteMs ?? 0) + state.latencyMs;
    if (wait > 0 && !(await delayUnlessClosed(wait, res))) return;
    if (fault.status) return errorResponse(res, api, fault);

    const model = rec.model ?? models[0];
    const text = answerFor({ api, model, body, prompt: lastUserText(body, api) });
    const usage = { input: approxTokens(JSON.stringify(body?.messages ?? '') + (typeof body?.system === 'string' ? body.system : '')), output: approxTokens(text) };
    const chunks = splitChunks(text, chunkSize);
    if (api === 'openai') {
      if (!body?.stream) return json(res, 200, openaiCompletion(model, text, usage));
      return streamSSE(res, openaiEvents(model, chunks, usage, Boolean(body?.stream_options?.include_usage)), fault, 'openai', () => void (rec.dropped = true));
    }
    if (!body?.stream) return json(res, 200, anthropicMessage(model, text, usage));
    return streamSSE(res, anthropicEvents(model, chunks, usage), fault, 'anthropic', () => void (rec.dropped = true));
  }

  function control(method: string, path: string, body: any, res: http.ServerResponse): void {
    if (method === 'GET' && path === '/__control/requests') return json(res, 200, requests);
    if (method !== 'POST') return json(res, 405, { error: 'POST only' });
    switch (path) {
      case '/__control/reply':
        if (typeof body?.text !== 'string') return json(res, 400, { error: 'text required' });
        api.setReply(body.text, typeof body.model === 'string' ? body.model : undefined);
        return json(res, 200, { ok: true });
      case '/__control/fault':
        api.addFault((body ?? {}) as Fault);
        return json(res, 200, { ok: true, queued: state.faults.length });
      case '/__control/latency':
        api.setLatency(Number(body?.ms) || 0);
        return json(res, 200, { ok: true });
      case '/__control/reset':
        api.reset();
        return json(res, 200, { ok: true });
      default:
        return json(res, 404, { error: `no control ${path}` });
    }
  }

  server.listen(opts.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const api: FakeModelServer = {
    url, port, openaiBaseURL: `${url}/v1`, anthropicBaseURL: url, requests, events,
    get aborted() {
      return state.aborted;
    },
    setResponder: (fn) => void (state.responder = fn),
    setReply: (text, model) => void (model ? state.replies.set(model, text) : (state.reply = text)),
    addFault: (f) => void state.faults.push({ ...f }),
    setLatency: (ms) => void (state.latencyMs = Math.max(0, ms)),
    reset() {
      state.faults.length = 0;
      state.replies.clear();
      state.reply = undefined;
      state.responder = undefined;
      state.latencyMs = opts.latencyMs ?? 0;
      requests.length = 0;
      state.aborted = 0;
    },
    waitForAborted: (n = 1) => waitUntil(events, 'aborted', () => state.aborted >= n),
    waitForRequests: (n) => waitUntil(events, 'request', () => requests.filter((r) => r.api === 'openai' || r.api === 'anthropic').length >= n),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

// ---------------------------------------------------------------- wire formats

type Usage = { input: number; output: number };

function openaiCompletion(model: string, text: string, u: Usage) {
  return {
    id: 'chatcmpl-fake', object: 'chat.completion', created: nowSecs(), model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output },
  };
}

function openaiEvents(model: string, chunks: string[], u: Usage, includeUsage: boolean): SSEEvent[] {
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: nowSecs(), model };
  const ev = (choices: unknown[], extra: object = {}): SSEEvent => ({ data: JSON.stringify({ ...base, choices, ...extra }) });
  const out: SSEEvent[] = [ev([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])];
  for (const c of chunks) out.push({ ...ev([{ index: 0, delta: { content: c }, finish_reason: null }]), content: true });
  out.push(ev([{ index: 0, delta: {}, finish_reason: 'stop' }]));
  if (includeUsage) out.push(ev([], { usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output } }));
  out.push({ data: '[DONE]' });
  return out;
}

function anthropicMessage(model: string, text: string, u: Usage) {
  return {
    id: 'msg_fake', type: 'message', role: 'assistant', model,
    content: [{ type: 'text', text, citations: null }], stop_reason: 'end_turn', stop_sequence: null,
    usage: { input_tokens: u.input, output_tokens: u.output, cache_creation_input_tokens: null, cache_read_input_tokens: null },
  };
}

function anthropicEvents(model: string, chunks: string[], u: Usage): SSEEvent[] {
  const ev = (event: string, data: object, content = false): SSEEvent => ({ event, data: JSON.stringify({ type: event, ...data }), content });
  const start = { ...anthropicMessage(model, '', { input: u.input, output: 1 }), content: [], stop_reason: null };
  return [
    ev('message_start', { message: start }),
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '', citations: null } }),
    { event: 'ping', data: JSON.stringify({ type: 'ping' }) },
    ...chunks.map((c) => ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: c } }, true)),
    ev('content_block_stop', { index: 0 }),
    ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: u.output } }),
    ev('message_stop', {}),
  ];
}

function errorResponse(res: http.ServerResponse, api: 'openai' | 'anthropic', f: Fault): void {
  const status = f.status ?? 500;
  const headers: Record<string, string> = f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {};
  const kind = status === 401 ? 'authentication_error' : status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
  const message = `fake ${status} (${kind})`;
  const body = api === 'openai'
    ? { error: { message, type: kind, code: status === 401 ? 'invalid_api_key' : null, param: null } }
    : { type: 'error', error: { type: kind, message } };
  json(res, status, body, headers);
}

// ---------------------------------------------------------------- plumbing

interface SSEEvent {
  event?: string;
  data: string;
  /** Counts toward dropAfterChunks / malformedChunk. */
  content?: boolean;
}

function streamSSE(res: http.ServerResponse, events: SSEEvent[], fault: Fault, api: 'openai' | 'anthropic', onDrop: () => void): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  let sent = 0;
  for (const e of events) {
    if (e.content && fault.dropAfterChunks !== undefined && sent >= fault.dropAfterChunks) {
      onDrop(); // intended: not counted as a client abort
      // end() (not destroy()) so the chunks already written are flushed before the cut.
      res.socket?.end();
      return;
    }
    res.write(`${e.event ? `event: ${e.event}\n` : ''}data: ${e.data}\n\n`);
    if (e.content) {
      sent++;
      if (fault.malformedChunk && sent === 1) {
        res.write(`${api === 'anthropic' ? 'event: content_block_delta\n' : ''}data: {"this is": not json\n\n`);
      }
    }
  }
  res.end();
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function cleanHeaders(h: http.IncomingHttpHeaders): { headers: Record<string, string>; hadAuth: boolean } {
  const headers: Record<string, string> = {};
  let hadAuth = false;
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    if (k === 'authorization' || k === 'x-api-key' || k === 'api-key') {
      hadAuth = true;
      headers[k] = '<present>';
    } else headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return { headers, hadAuth };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** Waits `ms`; resolves false early (and clears the timer) if the client goes away. */
function delayUnlessClosed(ms: number, res: http.ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, ms);
    res.once('close', onClose);
  });
}

function waitUntil(events: EventEmitter, name: string, done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (done()) return resolve();
    const check = () => {
      if (!done()) return;
      events.off(name, check);
      resolve();
    };
    events.on(name, check);
  });
}

function lastUserText(body: any, api: 'openai' | 'anthropic'): string {
  const msgs: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = [...msgs].reverse().find((m) => m?.role === 'user');
  const c = last?.content;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((p: any) => (typeof p?.text === 'string' ? p.text : '')).join('');
  return api === 'anthropic' && typeof body?.system === 'string' ? body.system : '';
}

function splitChunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

const approxTokens = (s: string): number => Math.max(1, Math.ceil(s.length / 4));
const nowSecs = (): number => Math.floor(Date.now() / 1000);
