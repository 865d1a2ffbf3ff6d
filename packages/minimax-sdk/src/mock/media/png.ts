import { deflateSync } from 'node:zlib';
import { crc32 } from './bits.js';

/** Large enough for any size the image API can return (512-2048 px sides) with ample margin. */
const MAX_SIDE = 8192;
const SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** mulberry32: a tiny deterministic PRNG so the seed picks the palette. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A decodable 8-bit RGB PNG of width x height: a diagonal colour gradient whose colours and
 * slopes derive from `seed` (same inputs, same bytes).
 *
 * Each channel is (f(x) + g(y)) mod 256, so with PNG's "Up" filter every row after the first
 * filters to a single repeated pixel; deflate then has almost nothing to do, which keeps a
 * 1024x1024 image in a few milliseconds and a few kilobytes.
 */
export function renderPng(width: number, height: number, seed = 0): Uint8Array {
  for (const [name, side] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(side) || side < 1 || side > MAX_SIDE) {
      throw new RangeError(`${name} must be an integer in [1, ${MAX_SIDE}]; got ${side}`);
    }
  }
  const rand = prng(Number.isFinite(seed) ? Math.trunc(seed) : 0);
  const base: number[] = [];
  const spanX: number[] = [];
  const spanY: number[] = [];
  for (let c = 0; c < 3; c++) {
    base.push(Math.floor(rand() * 256));
    // Spans below 256 keep the gradient from wrapping more than once across the image.
    spanX.push(Math.floor(rand() * 160) - 80);
    spanY.push(Math.floor(rand() * 160) - 80);
  }
  const colX = (c: number, x: number): number =>
    Math.round((spanX[c]! * x) / Math.max(1, width - 1)) + base[c]!;
  const rowY = (c: number, y: number): number => Math.round((spanY[c]! * y) / Math.max(1, height - 1));

  const stride = 1 + width * 3;
  const raw = new Uint8Array(stride * height);
  // Row 0, filter None: the actual pixels.
  for (let x = 0; x < width; x++) {
    for (let c = 0; c < 3; c++) raw[1 + x * 3 + c] = colX(c, x) & 0xff;
  }
  for (let y = 1; y < height; y++) {
    const at = y * stride;
    raw[at] = 2; // Up: each byte is stored as its difference from the byte above
    for (let c = 0; c < 3; c++) raw[at + 1 + c] = (rowY(c, y) - rowY(c, y - 1)) & 0xff;
    // Tile the first filtered pixel across the row by doubling.
    let filled = 3;
    while (filled < width * 3) {
      const n = Math.min(filled, width * 3 - filled);
      raw.copyWithin(at + 1 + filled, at + 1, at + 1 + n);
      filled += n;
    }
  }

  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB
  // compression, filter method and interlace stay 0
  const idat = deflateSync(raw, { level: 1 });
  const parts = [SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
