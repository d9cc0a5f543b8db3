/**
 * Watches the bytes of an LSP stream (the server's stdin under --stdio) beside the connection's
 * own reader and reports the first framing error (frameValidator.ts) once. Attach it after the
 * connection listens, so no data is consumed before the reader sees it.
 */
import { FrameValidator, isFramingError, type FramingError } from './frameValidator';

export function watchFraming(input: NodeJS.ReadableStream, onError: (e: FramingError) => void): () => void {
  const validator = new FrameValidator();
  const onData = (chunk: Buffer | string) => {
    try {
      validator.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    } catch (e) {
      if (!isFramingError(e)) throw e;
      input.off('data', onData);
      onError(e);
    }
  };
  input.on('data', onData);
  return () => input.off('data', onData);
}
