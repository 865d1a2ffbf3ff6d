/** MSB-first bit writer shared by the FLAC, H.264 and AAC writers (all big-endian bit orders). */
export class BitWriter {
  private buf: Uint8Array;
  private bytePos = 0;
  /** Pending bits, left-aligned at bit 7 of `cur`. */
  private cur = 0;
  private curBits = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Number of bits written so far. */
  get bitLength(): number {
    return this.bytePos * 8 + this.curBits;
  }

  private pushByte(b: number): void {
    if (this.bytePos === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.bytePos++] = b;
  }

  /** Writes the low `n` bits of `value` (n <= 32). */
  bits(value: number, n: number): void {
    // Split wide writes so the shifts below never exceed 31 bits.
    if (n > 24) {
      this.bits(Math.floor(value / 0x1000000), n - 24);
      this.bits(value & 0xffffff, 24);
      return;
    }
    for (let i = n - 1; i >= 0; i--) {
      this.cur = (this.cur << 1) | ((value >>> i) & 1);
      if (++this.curBits === 8) {
        this.pushByte(this.cur);
        this.cur = 0;
        this.curBits = 0;
      }
    }
  }

  bit(flag: boolean | number): void {
    this.bits(flag ? 1 : 0, 1);
  }

  /** `n` zero bits, written in bulk because Rice/unary codes can be long. */
  zeros(n: number): void {
    while (n > 0 && this.curBits !== 0) {
      this.bits(0, 1);
      n--;
    }
    while (n >= 8) {
      this.pushByte(0);
      n -= 8;
    }
    if (n > 0) this.bits(0, n);
  }

  /** Unsigned Exp-Golomb code (H.264 ue(v)). */
  ue(value: number): void {
    const v = value + 1;
    const len = 32 - Math.clz32(v);
    this.zeros(len - 1);
    this.bits(v, len);
  }

  /** Signed Exp-Golomb code (H.264 se(v)). */
  se(value: number): void {
    this.ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  get aligned(): boolean {
    return this.curBits === 0;
  }

  /** Pads with zero bits up to the next byte boundary. */
  alignZero(): void {
    if (this.curBits !== 0) this.bits(0, 8 - this.curBits);
  }

  bytes(data: Uint8Array): void {
    if (this.curBits !== 0) {
      for (const b of data) this.bits(b, 8);
      return;
    }
    for (const b of data) this.pushByte(b);
  }

  /** The written bytes; a partial last byte is zero-padded. */
  finish(): Uint8Array {
    this.alignZero();
    return this.buf.slice(0, this.bytePos);
  }
}

/** Growable byte sink with big-endian integer writers, used to assemble containers. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buf.buffer);
  }

  /** Grows the buffer if needed; callers must read `buf`/`view` only after this returns. */
  private reserve(n: number): number {
    const need = this.length + n;
    if (need > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < need) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    const at = this.length;
    this.length = need;
    return at;
  }

  u8(v: number): this {
    const at = this.reserve(1);
    this.view.setUint8(at, v);
    return this;
  }

  u16(v: number): this {
    const at = this.reserve(2);
    this.view.setUint16(at, v);
    return this;
  }

  u24(v: number): this {
    const at = this.reserve(3);
    this.view.setUint8(at, (v >>> 16) & 0xff);
    this.view.setUint16(at + 1, v & 0xffff);
    return this;
  }

  u32(v: number): this {
    const at = this.reserve(4);
    this.view.setUint32(at, v >>> 0);
    return this;
  }

  i32(v: number): this {
    const at = this.reserve(4);
    this.view.setInt32(at, v);
    return this;
  }

  ascii(s: string): this {
    const at = this.reserve(s.length);
    for (let i = 0; i < s.length; i++) this.buf[at + i] = s.charCodeAt(i) & 0x7f;
    return this;
  }

  bytes(data: Uint8Array): this {
    const at = this.reserve(data.length);
    this.buf.set(data, at);
    return this;
  }

  zeros(n: number): this {
    // Space past `length` has never been written, so it is already zero.
    this.reserve(n);
    return this;
  }

  /** Overwrites a big-endian u32 at an earlier position (used for box sizes). */
  patchU32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function makeTable(width: 8 | 16 | 32, poly: number, reflected: boolean): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c: number;
    if (reflected) {
      c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (poly ^ (c >>> 1)) >>> 0 : c >>> 1;
    } else {
      const top = 1 << (width - 1);
      const mask = width === 32 ? 0xffffffff : (1 << width) - 1;
      c = n << (width - 8);
      for (let k = 0; k < 8; k++) c = (c & top ? (c << 1) ^ poly : c << 1) & mask;
    }
    table[n] = c >>> 0;
  }
  return table;
}

let crc8Table: Uint32Array | undefined;
let crc16Table: Uint32Array | undefined;
let crc32Table: Uint32Array | undefined;

/** CRC-8, polynomial x^8+x^2+x+1, init 0 (FLAC frame header). */
export function crc8(data: Uint8Array, start = 0, end = data.length): number {
  crc8Table ??= makeTable(8, 0x07, false);
  const t = crc8Table;
  let c = 0;
  for (let i = start; i < end; i++) c = t[c ^ data[i]!]!;
  return c;
}

/** CRC-16, polynomial x^16+x^15+x^2+1, init 0 (FLAC frame footer). */
export function crc16(data: Uint8Array, start = 0, end = data.length): number {
  crc16Table ??= makeTable(16, 0x8005, false);
  const t = crc16Table;
  let c = 0;
  for (let i = start; i < end; i++) c = ((c << 8) & 0xffff) ^ t[(c >>> 8) ^ data[i]!]!;
  return c;
}

/**
 * CRC-32 as used by PNG. zlib.crc32 would do, but it only exists from Node 20.15 / 22.2,
 * and the SDK supports every Node 20.
 */
export function crc32(data: Uint8Array, start = 0, end = data.length, seed = 0): number {
  crc32Table ??= makeTable(32, 0xedb88320, true);
  const t = crc32Table;
  let c = (seed ^ 0xffffffff) >>> 0;
  for (let i = start; i < end; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

let oggCrcTable: Uint32Array | undefined;

/**
 * CRC-32 of Ogg pages: polynomial 0x04c11db7 unreflected, init 0, no final xor (not the PNG one:
 * an Ogg demuxer drops a page whose checksum it cannot reproduce).
 */
export function oggCrc32(data: Uint8Array, start = 0, end = data.length): number {
  oggCrcTable ??= makeTable(32, 0x04c11db7, false);
  const t = oggCrcTable;
  let c = 0;
  for (let i = start; i < end; i++) c = ((c << 8) ^ t[((c >>> 24) ^ data[i]!) & 0xff]!) >>> 0;
  return c;
}
