// Writes media/icon.png (128×128): a rounded tile with two woven threads. Run: node media/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const N = 128;
const px = Buffer.alloc(N * (N * 4 + 1));
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
for (let y = 0; y < N; y++) {
  px[y * (N * 4 + 1)] = 0;
  for (let x = 0; x < N; x++) {
    const i = y * (N * 4 + 1) + 1 + x * 4;
    const r = 22, dx = Math.max(r - x, x - (N - 1 - r), 0), dy = Math.max(r - y, y - (N - 1 - r), 0);
    const inside = dx * dx + dy * dy <= r * r;
    let c = [0, 0, 0, 0];
    if (inside) {
      const t = (x + y) / (2 * N);
      c = [Math.round(60 + 40 * t), Math.round(30 + 20 * t), Math.round(120 + 80 * t), 255];
      // Two sine threads crossing: over/under weave.
      const a = 64 + 26 * Math.sin((x / N) * Math.PI * 2);
      const b = 64 - 26 * Math.sin((x / N) * Math.PI * 2);
      const onA = Math.abs(y - a) < 7, onB = Math.abs(y - b) < 7;
      const aOver = Math.floor(x / 32) % 2 === 0;
      if (onA && (!onB || aOver)) c = [255, 196, 64, 255];
      else if (onB) c = [96, 220, 255, 255];
    }
    px.set(c, i);
  }
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4); ihdr[8] = 8; ihdr[9] = 6;
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr), chunk('IDAT', deflateSync(px)), chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(fileURLToPath(new URL('./icon.png', import.meta.url)), png);
