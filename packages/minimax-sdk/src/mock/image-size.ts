/**
 * Image references as the platform takes them (a public URL or a data URL), held to the
 * platform's format and size rules, and the pixel size of a PNG, JPEG or WebP image from its
 * header, so the mock can check data-URL frames without decoding them.
 */
import { invalid } from './validate.js';

const u16be = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u16le = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number): number => u16le(b, at) | ((b[at + 2] ?? 0) << 16);
const text = (b: Uint8Array, at: number, length: number): string =>
  String.fromCharCode(...b.subarray(at, at + length));

function jpegSize(b: Uint8Array): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] ?? 0;
    // Fill bytes before a marker.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    // Start-of-frame markers (SOF0–SOF15, minus DHT, JPG and DAC) carry the size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(b, at + 5), width: u16be(b, at + 7) };
    }
    at += 2 + u16be(b, at + 2);
  }
  return undefined;
}

/** Width and height in pixels, or `undefined` for bytes that are not one of those formats. */
export function imageSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b.length >= 24 && b[0] === 0x89 && text(b, 1, 3) === 'PNG' && text(b, 12, 4) === 'IHDR') {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegSize(b);
  if (b.length >= 30 && text(b, 0, 4) === 'RIFF' && text(b, 8, 4) === 'WEBP') {
    const chunk = text(b, 12, 4);
    if (chunk === 'VP8 ') return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
    if (chunk === 'VP8L') {
      const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  return undefined;
}

/** The media type and bytes of a `data:` URL, or `undefined` for anything else. */
export function dataURLBytes(value: string): { type: string; bytes: Buffer } | undefined {
  const data = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(value);
  if (data === null) return undefined;
  const base64 = /;base64$/i.test(data[2] ?? '');
  const payload = data[3] ?? '';
  return {
    type: (data[1] ?? '').toLowerCase(),
    bytes: base64 ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'latin1'),
  };
}

/** A public URL or a data URL of an image. */
const IMAGE_REF = /^(https?:\/\/|data:image\/)/;

/** What a data-URL image may be: its media types (named in the refusal) and its size limit. */
export interface ImageRule {
  types: readonly string[];
  typeNames: string;
  maxMB: number;
}

/**
 * Refuses (2013 naming `field`) an image reference that is neither a public URL nor a data URL,
 * or a data URL of another type or of `maxMB` or more. Returns a data URL's bytes, for checks of
 * its own; a public URL passes unread, as the mock fetches nothing.
 */
export function checkImageRef(value: string, field: string, rule?: ImageRule): Uint8Array | undefined {
  if (!IMAGE_REF.test(value)) invalid(field, 'must be a public URL or a data:image/ URL');
  if (rule === undefined) return undefined;
  const data = dataURLBytes(value);
  if (data === undefined) return undefined;
  if (!rule.types.includes(data.type)) invalid(field, `must be a ${rule.typeNames} image`);
  if (data.bytes.byteLength >= rule.maxMB * 1024 * 1024) invalid(field, `must be under ${rule.maxMB} MB`);
  return data.bytes;
}
