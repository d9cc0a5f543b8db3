/**
 * LSP base-protocol framing, checked. Reads the same bytes as the connection's message reader
 * (`Content-Length: N\r\n…\r\n\r\n` then N bytes of body) and throws a FramingError on the first
 * frame that reader would mishandle: a header without Content-Length, a Content-Length that is
 * not a plain non-negative integer or is over MAX_CONTENT_LENGTH, a header line without ':', or
 * a header block that never ends. vscode-jsonrpc reports those as errors but then keeps reading
 * from the wrong place and never answers again (issue 11, escape 8); the server exits instead.
 * Bodies are counted, never copied. No I/O, no timers: a frame shorter than announced simply
 * waits (a truncated frame looks like a slow writer; the client's health check covers that).
 */

/** Largest body accepted, in bytes; a larger announcement fails at once instead of buffering. */
export const MAX_CONTENT_LENGTH = 64 * 1024 * 1024;
/** Largest header block accepted, in bytes (a real one is under 100). */
export const MAX_HEADER_BYTES = 8 * 1024;

export class FramingError extends Error {
  override readonly name = 'FramingError';
}
export const isFramingError = (e: unknown): e is FramingError => e instanceof FramingError;

const CR = 0x0d;
const LF = 0x0a;

export class FrameValidator {
  /** Body bytes still to come of the current frame; 0 while reading a header. */
  private bodyLeft = 0;
  /** The header read so far (ASCII), and how far through "\r\n\r\n" its end is. */
  private header = '';
  private endState = 0;
  /** Frames completed so far (for the error message). */
  private frames = 0;

  /** Feeds the next bytes; throws a FramingError when they break the framing. */
  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, chunk.length - i);
        this.bodyLeft -= take;
        i += take;
        if (this.bodyLeft === 0) this.frames++;
        continue;
      }
      const start = i;
      while (i < chunk.length && this.endState < 4) this.endState = nextEndState(this.endState, chunk[i++]);
      this.header += Buffer.from(chunk.subarray(start, i)).toString('latin1');
      if (this.endState < 4) {
        if (this.header.length > MAX_HEADER_BYTES) this.fail(`header longer than ${MAX_HEADER_BYTES} bytes without an end`);
        return;
      }
      const length = this.contentLength(this.header.slice(0, -4));
      this.header = '';
      this.endState = 0;
      this.bodyLeft = length;
      if (length === 0) this.frames++;
    }
  }

  private contentLength(header: string): number {
    let value: string | undefined;
    for (const line of header.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon < 0) this.fail(`header line without ':' (${JSON.stringify(line.slice(0, 80))})`);
      // The key untrimmed, as vscode-jsonrpc reads it: " Content-Length" is no Content-Length there either.
      if (line.slice(0, colon).toLowerCase() === 'content-length') value = line.slice(colon + 1).trim();
    }
    if (value === undefined) this.fail('header without Content-Length');
    if (!/^\d{1,20}$/.test(value)) this.fail(`Content-Length is not a non-negative integer (${JSON.stringify(value.slice(0, 40))})`);
    const length = Number(value);
    if (length > MAX_CONTENT_LENGTH) this.fail(`Content-Length ${value} is over the limit of ${MAX_CONTENT_LENGTH} bytes`);
    return length;
  }

  private fail(what: string): never {
    throw new FramingError(`LSP framing error after ${this.frames} good message(s): ${what}`);
  }
}

/** One step of matching "\r\n\r\n": 0 nothing, 1 CR, 2 CRLF, 3 CRLF CR, 4 done (as vscode-jsonrpc does). */
function nextEndState(state: number, byte: number): number {
  if (byte === CR) return state === 0 ? 1 : state === 2 ? 3 : 0;
  if (byte === LF) return state === 1 ? 2 : state === 3 ? 4 : 0;
  return 0;
}
