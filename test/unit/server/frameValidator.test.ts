/** LSP framing, checked: good frames in any chunking pass; each broken header is a FramingError. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameValidator, isFramingError, MAX_CONTENT_LENGTH, MAX_HEADER_BYTES } from '../../../server/src/transport/frameValidator';

const frame = (body: string, extra = '') => {
  const bytes = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n${extra}\r\n`, 'ascii'), bytes]);
};
const rejects = (input: string | Buffer, pattern: RegExp) => assert.throws(
  () => new FrameValidator().push(typeof input === 'string' ? Buffer.from(input, 'latin1') : input),
  (e: unknown) => isFramingError(e) && pattern.test((e as Error).message),
);

test('well-formed frames pass whole, byte by byte, and glued together (with Content-Type, multi-byte UTF-8)', () => {
  const stream = Buffer.concat([
    frame('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}'),
    frame('{"jsonrpc":"2.0","method":"x","params":{"s":"héllo ✓"}}', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n'),
    frame(''),
    frame('{}'),
  ]);
  assert.doesNotThrow(() => new FrameValidator().push(stream));
  const v = new FrameValidator();
  assert.doesNotThrow(() => { for (const b of stream) v.push(Buffer.of(b)); });
  const w = new FrameValidator();
  assert.doesNotThrow(() => { for (let i = 0; i < stream.length; i += 7) w.push(stream.subarray(i, i + 7)); });
  assert.throws(() => v.push(Buffer.from('Content-Length: x\r\n\r\n')), /after 4 good message/, 'all four frames were counted');
});

test('a body may contain header-like text and CRLFs: only the announced length is skipped', () => {
  const v = new FrameValidator();
  assert.doesNotThrow(() => v.push(Buffer.concat([frame('\r\n\r\nnot a header\r\n\r\n'), frame('{}')])));
  assert.throws(() => v.push(Buffer.from('\r\n\r\n')), /after 2 good message/);
});

test('missing Content-Length', () => rejects('Content-Type: x\r\n\r\n{}', /without Content-Length/));
test('negative Content-Length', () => rejects('Content-Length: -5\r\n\r\n{}', /not a non-negative integer \("-5"\)/));
test('non-numeric Content-Length', () => rejects('Content-Length: abc\r\n\r\n{}', /not a non-negative integer/));
test('Content-Length with trailing garbage', () => rejects('Content-Length: 12abc\r\n\r\n{}', /not a non-negative integer/));
test('huge Content-Length fails at once, before any body', () => rejects('Content-Length: 1000000000000\r\n\r\n', /over the limit/));
test('the limit itself is accepted', () => {
  assert.doesNotThrow(() => new FrameValidator().push(Buffer.from(`Content-Length: ${MAX_CONTENT_LENGTH}\r\n\r\n`)));
});
test('a header line without a colon', () => rejects('Content-Length: 2\r\nbogus\r\n\r\n{}', /without ':'/));
test('a key with leading space is no Content-Length (as vscode-jsonrpc reads it)', () => rejects(' Content-Length: 2\r\n\r\n{}', /without Content-Length/));
test('a header that never ends', () => rejects('X'.repeat(MAX_HEADER_BYTES + 1), /without an end/));

test('a broken second frame is found after a good first one, and the message counts the good ones', () => {
  const v = new FrameValidator();
  v.push(frame('{"a":1}'));
  assert.throws(() => v.push(Buffer.from('Content-Length: -1\r\n\r\n')), /after 1 good message/);
});

test('a frame shorter than announced just waits for more (a truncated frame looks like a slow writer)', () => {
  const v = new FrameValidator();
  v.push(Buffer.from('Content-Length: 100\r\n\r\n{"id":1}'));
  v.push(Buffer.from('x'.repeat(60)));
  assert.doesNotThrow(() => v.push(Buffer.from('Content-Length: x\r\n\r\n')), 'still inside the first body: not read as a header');
  v.push(Buffer.from('x'.repeat(11)));
  assert.doesNotThrow(() => v.push(frame('{}')));
  assert.throws(() => v.push(Buffer.from('Content-Length: x\r\n\r\n')), /after 2 good message/);
});
