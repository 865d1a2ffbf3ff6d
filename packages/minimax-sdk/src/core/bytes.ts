/** Byte codecs every resource shares: strict hex, and base64 both ways. */
import { MiniMaxError } from './errors.js';

const HEX_VALUES = /* @__PURE__ */ (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) table[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    table[65 + i] = 10 + i;
    table[97 + i] = 10 + i;
  }
  return table;
})();

const NON_HEX = /[^0-9a-fA-F]/;

/** The part of Node's Buffer used here; absent in browsers and edge runtimes (portable paths follow). */
type BufferLike = {
  from(text: string, encoding: 'hex' | 'base64'): Uint8Array;
  from(bytes: Uint8Array): { toString(encoding: 'base64'): string };
  byteLength(text: string, encoding: 'utf8'): number;
};
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

/**
 * Small Buffers are slices of a shared 8 KiB pool; handing out a view would expose the rest of the
 * pool (other data of the process) through `.buffer`, so those are copied.
 */
function owned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length
    ? new Uint8Array(bytes.buffer, 0, bytes.length)
    : new Uint8Array(bytes);
}

/**
 * Decodes a hex string strictly: an odd length or any non-hex character is an error, never a
 * silently shorter result.
 *
 * @example
 * decodeHex('fffb90') // Uint8Array [255, 251, 144]
 */
export function decodeHex(hex: string): Uint8Array {
  if (typeof hex !== 'string') throw new MiniMaxError('Audio payload is not a hex string.');
  if (hex.length % 2 !== 0) throw new MiniMaxError(`Invalid hex audio: odd length ${hex.length}.`);
  if (NodeBuffer) {
    // Buffer reads only the low byte of a non-ASCII character ("\u0161" as "a"), so a wrong result
    // would pass the length check below. A UTF-8 length equal to the string length proves every
    // character is ASCII, at a fraction of the cost of a regex scan over megabytes of audio.
    if (NodeBuffer.byteLength(hex, 'utf8') !== hex.length) {
      throw new MiniMaxError(`Invalid hex audio: bad character at offset ${hex.search(NON_HEX)}.`);
    }
    // Buffer stops at the first bad character, so a short result means the input had one.
    const bytes = NodeBuffer.from(hex, 'hex');
    if (bytes.length * 2 === hex.length) return owned(bytes);
    throw new MiniMaxError(`Invalid hex audio: bad character at offset ${bytes.length * 2}.`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = HEX_VALUES[hex.charCodeAt(2 * i)] ?? -1;
    const lo = HEX_VALUES[hex.charCodeAt(2 * i + 1)] ?? -1;
    if (hi < 0 || lo < 0) throw new MiniMaxError(`Invalid hex audio: bad character at offset ${2 * i}.`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/**
 * Standard padded base64 of bytes, with or without `Buffer` (browsers and edge runtimes too).
 *
 * @example
 * toBase64(new TextEncoder().encode('hi')); // 'aGk='
 */
export function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes).toString('base64');
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Decodes standard or URL-safe base64 (a `data:` prefix and whitespace tolerated); anything else is
 * a `MiniMaxError` naming `what`.
 *
 * @example
 * decodeBase64('data:image/png;base64,iVBORw0KGgo=', 'the image'); // Uint8Array [137, 80, 78, 71, …]
 */
export function decodeBase64(text: string, what: string): Uint8Array {
  const clean = text
    .replace(/^data:[^,]*,/i, '')
    .replace(/\s+/g, '')
    .replace(/-/g, '+')
    .replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1) {
    throw new MiniMaxError(`${what} is not valid base64.`);
  }
  if (NodeBuffer) return owned(NodeBuffer.from(clean, 'base64'));
  const padded = clean.padEnd(clean.length + ((4 - (clean.length % 4)) % 4), '=');
  const binary = atob(padded);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
