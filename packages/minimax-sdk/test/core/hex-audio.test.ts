import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AudioResponse, audioFromBody } from '../../src/core/audio.js';
import { AudioStream } from '../../src/core/audio-stream.js';
import { decodeHex } from '../../src/core/bytes.js';
import { openSSE } from '../../src/core/streaming.js';
import { InputSafetyError, MiniMaxError, ServerError } from '../../src/index.js';
import { fakeFetch, jsonResponse, sseResponse, TEST_KEY, testClient } from '../helpers/fake-fetch.js';

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'minimax-audio-'));
});
afterEach(async () => {
  vi.unstubAllGlobals();
  vi.resetModules();
  await rm(dir, { recursive: true, force: true });
});

type Decode = (hex: string) => Uint8Array;
type Loaded = { decode: Decode; MiniMaxError: typeof MiniMaxError };

/** The same checks for the Buffer path (Node) and the table path (browsers, edge workers). */
function hexSuite(label: string, load: () => Promise<Loaded>) {
  describe(`decodeHex (${label})`, () => {
    let decode: Decode;
    // A freshly imported module graph has its own error classes.
    let MiniMaxError: Loaded['MiniMaxError'];
    beforeEach(async () => {
      ({ decode, MiniMaxError } = await load());
    });

    it('decodes the seed example and both cases', () => {
      expect(new TextDecoder().decode(decode('48656c6c6f'))).toBe('Hello');
      expect(decode('fffb90')).toEqual(new Uint8Array([255, 251, 144]));
      expect(decode('FFFB90')).toEqual(new Uint8Array([255, 251, 144]));
      expect(decode('fFfB90')).toEqual(new Uint8Array([255, 251, 144]));
    });

    it('gives empty bytes for an empty string', () => {
      const bytes = decode('');
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(bytes.byteLength).toBe(0);
    });

    it.each(['0', 'abc', 'fffb9'])('rejects odd length %j', (hex) => {
      expect(() => decode(hex)).toThrow(MiniMaxError);
    });

    it.each([
      ['first', 'g0ffff'],
      ['second', '0gffff'],
      ['middle', 'ff0xff'],
      ['last', 'ffff0z'],
      ['space', 'ff ff '],
      ['prefix', '0xffff'],
      ['full-width digit', 'ff\uff10\uff10'],
      ['non-ASCII', 'ffé0'],
      ['NUL', 'ff\0\0'],
      // Buffer would read only the low byte of these: U+0161 as "a", U+0130 as "0".
      ['wide chars that look like hex to Buffer', '\u0161\u0162'],
      ['wide zero', 'ff\u0130\u0130'],
    ])('rejects a bad character (%s)', (_where, hex) => {
      expect(() => decode(hex)).toThrow(MiniMaxError);
    });

    it('rejects a non-string', () => {
      expect(() => decode(42 as unknown as string)).toThrow(MiniMaxError);
    });

    it('round-trips any bytes in either case (property)', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, upper) => {
          const hex = upper ? toHex(bytes).toUpperCase() : toHex(bytes);
          expect(decode(hex)).toEqual(bytes);
        }),
        { numRuns: 1000 },
      );
    });

    it('accepts exactly the strict hex strings (property)', () => {
      // Characters whose low byte is a hex digit: the shape of Buffer's blind spot.
      const wideHexish = fc
        .array(fc.constantFrom(...'0123456789abcdef'.split('')), { maxLength: 20 })
        .chain((chars) =>
          fc
            .array(fc.integer({ min: 1, max: 255 }), { minLength: chars.length, maxLength: chars.length })
            .map((highs) =>
              chars
                .map((c, i) =>
                  i % 3 === 0 ? String.fromCharCode(((highs[i] ?? 1) << 8) | c.charCodeAt(0)) : c,
                )
                .join(''),
            ),
        );
      const hexish = fc
        .array(fc.constantFrom(...'0123456789abcdefABCDEFgxz G-é'.split('')), { maxLength: 40 })
        .map((chars) => chars.join(''));
      fc.assert(
        fc.property(fc.oneof(hexish, fc.string(), fc.string({ unit: 'binary' }), wideHexish), (text) => {
          if (HEX_RE.test(text)) expect(toHex(decode(text))).toBe(text.toLowerCase());
          else expect(() => decode(text)).toThrow(MiniMaxError);
        }),
        { numRuns: 1000 },
      );
    });

    it('returns bytes that own their buffer (no shared pool behind .buffer)', () => {
      const bytes = decode('abcd');
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(2);
    });
  });
}

hexSuite('Node Buffer', async () => ({ decode: decodeHex, MiniMaxError }));
hexSuite('portable table', async () => {
  vi.stubGlobal('Buffer', undefined);
  vi.resetModules();
  const bytes = await import('../../src/core/bytes.js');
  const errors = await import('../../src/core/errors.js');
  vi.unstubAllGlobals();
  return { decode: bytes.decodeHex, MiniMaxError: errors.MiniMaxError };
});

async function tempLeftovers(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.endsWith('.tmp'));
}

describe('AudioResponse', () => {
  const bytes = new Uint8Array([0x49, 0x44, 0x33, 0x04]);

  it('has the seed defaults', () => {
    const audio = new AudioResponse();
    expect(audio.data.byteLength).toBe(0);
    expect(audio).toMatchObject({ duration: 0, sample_rate: 0, format: 'mp3', size: 0 });
    expect(audio.url).toBeUndefined();
    expect(new AudioResponse({ data: bytes }).size).toBe(4);
  });

  it('save() writes the exact bytes atomically, creating parent folders', async () => {
    const target = join(dir, 'a', 'b', 'c', 'out.mp3');
    const written = await new AudioResponse({ data: bytes }).save(target);
    expect(written).toBe(target);
    expect(new Uint8Array(await readFile(target))).toEqual(bytes);
    expect(await tempLeftovers(join(dir, 'a', 'b', 'c'))).toEqual([]);
  });

  it('save() replaces an existing file', async () => {
    const target = join(dir, 'out.mp3');
    await writeFile(target, 'old contents that are longer');
    await new AudioResponse({ data: bytes }).save(target);
    expect(new Uint8Array(await readFile(target))).toEqual(bytes);
    expect(await readdir(dir)).toEqual(['out.mp3']);
  });

  it('save() of a URL result downloads first; a failed download leaves no file and no temp', async () => {
    const download = vi.fn(async () => {
      throw new ServerError('HTTP 503', { status: 503, code: 503 });
    });
    const audio = new AudioResponse({ url: 'https://cdn.example/a.mp3', download });
    const target = join(dir, 'sub', 'song.mp3');
    await expect(audio.save(target)).rejects.toBeInstanceOf(ServerError);
    expect(download).toHaveBeenCalledTimes(1);
    await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('save() that fails while writing leaves no temp file behind', async () => {
    await writeFile(join(dir, 'blocker'), 'x');
    const target = join(dir, 'blocker', 'out.mp3');
    await expect(new AudioResponse({ data: bytes }).save(target)).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['blocker']);
  });

  it('save() refuses an empty path', async () => {
    await expect(new AudioResponse({ data: bytes }).save('')).rejects.toBeInstanceOf(MiniMaxError);
  });

  it('bytes() downloads a URL result once and caches it', async () => {
    const download = vi.fn(async () => bytes);
    const audio = new AudioResponse({ url: 'https://cdn.example/a.mp3', download });
    expect(await audio.bytes()).toEqual(bytes);
    expect(await audio.bytes()).toEqual(bytes);
    expect(download).toHaveBeenCalledTimes(1);
    expect(audio.data).toEqual(bytes);
    const target = join(dir, 'x.mp3');
    await audio.save(target);
    expect(new Uint8Array(await readFile(target))).toEqual(bytes);
  });

  it('bytes() of a URL result without a downloader is a MiniMaxError', async () => {
    await expect(new AudioResponse({ url: 'https://cdn.example/a.mp3' }).bytes()).rejects.toBeInstanceOf(
      MiniMaxError,
    );
  });

  it('toBase64() is standard padded base64 and round-trips', () => {
    expect(new AudioResponse({ data: new TextEncoder().encode('Hello') }).toBase64()).toBe('SGVsbG8=');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (data) => {
        const b64 = new AudioResponse({ data }).toBase64();
        expect(new Uint8Array(Buffer.from(b64, 'base64'))).toEqual(data);
      }),
      { numRuns: 200 },
    );
  });

  it('toBlob() carries the bytes and a type from the format', async () => {
    const blob = new AudioResponse({ data: bytes }).toBlob();
    expect(blob.type).toBe('audio/mpeg');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes);
    expect(new AudioResponse({ data: bytes, format: 'wav' }).toBlob().type).toBe('audio/wav');
    expect(new AudioResponse({ data: bytes, format: 'flac' }).toBlob().type).toBe('audio/flac');
    expect(new AudioResponse({ data: bytes, format: 'weird' }).toBlob().type).toBe(
      'application/octet-stream',
    );
  });

  it('shows the size of the data, never the bytes', () => {
    const audio = new AudioResponse({ data: bytes, duration: 1234.5, sample_rate: 32000 });
    const text = inspect(audio);
    expect(text).toContain('<4 bytes>');
    expect(text).toContain('1234.5');
    expect(text).toContain('32000');
    expect(text).not.toContain('73');
    expect(JSON.parse(JSON.stringify(audio))).toMatchObject({ data: '<4 bytes>', format: 'mp3', size: 4 });
    expect(inspect(new AudioResponse({ data: new Uint8Array(100_000) }))).toContain('<100000 bytes>');
  });
});

describe('audioFromBody (seed 5.3)', () => {
  const noDownload = async () => {
    throw new Error('no download expected');
  };

  it('maps the nested speech shape and keeps extra_info and trace_id', () => {
    const extra = {
      audio_length: 1234.5,
      audio_sample_rate: 32000,
      audio_size: 4,
      audio_format: 'mp3',
      bitrate: 128000,
      word_count: 2,
    };
    const audio = audioFromBody(
      { data: { audio: '49443304', status: 2 }, extra_info: extra, trace_id: 'tr-9' },
      noDownload,
    );
    expect(audio.data).toEqual(new Uint8Array([0x49, 0x44, 0x33, 0x04]));
    expect(audio).toMatchObject({
      duration: 1234.5,
      sample_rate: 32000,
      size: 4,
      format: 'mp3',
      trace_id: 'tr-9',
    });
    expect(audio.extra_info).toEqual(extra);
    expect(audio.url).toBeUndefined();
  });

  it('reads the flat shape', () => {
    const audio = audioFromBody(
      { audio_hex: 'abcd', audio_length: 10, audio_sample_rate: 16000, audio_size: 2, audio_format: 'pcm' },
      noDownload,
    );
    expect(audio.data).toEqual(new Uint8Array([0xab, 0xcd]));
    expect(audio).toMatchObject({ duration: 10, sample_rate: 16000, size: 2, format: 'pcm' });
  });

  it('falls back to body.audio, duration, sample_rate, size, format', () => {
    const audio = audioFromBody(
      { audio: '00ff00', duration: 5, sample_rate: 8000, size: 99, format: 'wav' },
      noDownload,
    );
    expect(audio.data).toEqual(new Uint8Array([0, 255, 0]));
    expect(audio).toMatchObject({ duration: 5, sample_rate: 8000, size: 99, format: 'wav' });
  });

  it('takes the first non-empty candidate in seed order', () => {
    const audio = audioFromBody(
      {
        data: { audio: '' },
        audio_hex: '',
        audio: '0102',
        extra_info: { audio_length: 0, audio_format: '' },
        audio_length: 7,
        duration: 9,
        audio_format: 'flac',
        format: 'wav',
      },
      noDownload,
    );
    expect(audio.data).toEqual(new Uint8Array([1, 2]));
    expect(audio.duration).toBe(7);
    expect(audio.format).toBe('flac');
    const nested = audioFromBody({ data: { audio: 'aa' }, audio_hex: 'bb', audio: 'cc' }, noDownload);
    expect(nested.data).toEqual(new Uint8Array([0xaa]));
  });

  it('gives empty data, size 0 and mp3 for {}', () => {
    const audio = audioFromBody({}, noDownload);
    expect(audio.data.byteLength).toBe(0);
    expect(audio).toMatchObject({ duration: 0, sample_rate: 0, size: 0, format: 'mp3' });
  });

  it('uses the decoded length when no size is given', () => {
    expect(audioFromBody({ data: { audio: 'aabbccdd' } }, noDownload).size).toBe(4);
  });

  it('survives null sections', () => {
    expect(() => audioFromBody({ data: null, extra_info: null }, noDownload)).not.toThrow();
  });

  it('rejects bad hex with a MiniMaxError', () => {
    expect(() => audioFromBody({ data: { audio: 'zz' } }, noDownload)).toThrow(MiniMaxError);
  });

  it('models a URL answer: empty data, url set, bytes() downloads without the key', async () => {
    const { fetch, calls } = fakeFetch(
      () => new Response(new Uint8Array([9, 8, 7]), { headers: { 'content-type': 'audio/mpeg' } }),
    );
    const client = testClient(fetch);
    const audio = audioFromBody(
      { data: { audio: 'https://cdn.example/clip.mp3?sig=1' }, extra_info: { audio_size: 3 } },
      (url) => client._download(url),
    );
    expect(audio.url).toBe('https://cdn.example/clip.mp3?sig=1');
    expect(audio.data.byteLength).toBe(0);
    expect(audio.toBase64()).toBe('');
    expect(await audio.bytes()).toEqual(new Uint8Array([9, 8, 7]));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://cdn.example/clip.mp3?sig=1');
    expect(calls[0]?.headers.authorization).toBeUndefined();
    expect(JSON.stringify(calls[0]?.headers)).not.toContain(TEST_KEY);
    const target = join(dir, 'clip.mp3');
    await audio.save(target);
    expect(new Uint8Array(await readFile(target))).toEqual(new Uint8Array([9, 8, 7]));
  });

  it('a failed URL download through the client leaves no file', async () => {
    const { fetch } = fakeFetch(() => new Response('gone', { status: 404 }));
    const client = testClient(fetch);
    const audio = audioFromBody({ data: { audio: 'https://cdn.example/x.mp3' } }, (url) =>
      client._download(url),
    );
    await expect(audio.save(join(dir, 'x.mp3'))).rejects.toBeInstanceOf(MiniMaxError);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('AudioStream', () => {
  function audioStream(chunks: string[] | (() => Response)) {
    const { fetch, calls } = fakeFetch(() => (typeof chunks === 'function' ? chunks() : sseResponse(chunks)));
    const client = testClient(fetch);
    const stream = new AudioStream(
      openSSE(client._transport, { method: 'POST', path: '/v1/t2a_v2', body: {} }),
    );
    return { stream, calls };
  }
  const evt = (body: unknown) => `data: ${JSON.stringify(body)}\n\n`;
  // The summary that ends every complete stream; it repeats the clip, which is not yielded again.
  const FINAL = evt({ data: { audio: '00', status: 2 } });

  async function all(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for await (const chunk of stream) out.push(chunk);
    return out;
  }

  it('yields decoded chunks and skips the status-2 aggregate after them', async () => {
    const { stream } = audioStream([
      evt({ data: { audio: '0102', status: 1 }, trace_id: 'tr-s' }),
      evt({ data: { audio: '0304', status: 1 } }),
      evt({ data: { audio: '01020304', status: 2 }, extra_info: { audio_length: 9 } }),
    ]);
    expect(await all(stream)).toEqual([new Uint8Array([1, 2]), new Uint8Array([3, 4])]);
    expect(stream.trace_id).toBe('tr-s');
    expect(stream.extra_info).toEqual({ audio_length: 9 });
  });

  it('yields the status-2 event when no chunk came before it', async () => {
    const { stream } = audioStream([evt({ data: { audio: 'aabb', status: 2 } })]);
    expect(await all(stream)).toEqual([new Uint8Array([0xaa, 0xbb])]);
  });

  it('skips the aggregate even when a chunk came in an earlier network read', async () => {
    const text = evt({ data: { audio: '01', status: 1 } }) + evt({ data: { audio: '01', status: 2 } });
    const { stream } = audioStream([text.slice(0, 7), text.slice(7, 40), text.slice(40)]);
    expect(await all(stream)).toEqual([new Uint8Array([1])]);
  });

  it('stops at [DONE] and tolerates data: null and empty audio', async () => {
    const { stream } = audioStream([
      evt({ data: null }),
      evt({ data: { audio: '', status: 1 } }),
      evt({ data: { audio: 'ff', status: 1 } }),
      'data: [DONE]\n\n',
      evt({ data: { audio: 'ee', status: 1 } }),
    ]);
    expect(await all(stream)).toEqual([new Uint8Array([0xff])]);
  });

  it('throws the mapped error for a non-zero base_resp mid-stream', async () => {
    const { stream } = audioStream([
      evt({ data: { audio: '01', status: 1 } }),
      evt({ base_resp: { status_code: 1026, status_msg: 'unsafe' }, trace_id: 'tr-x' }),
      evt({ data: { audio: '02', status: 1 } }),
    ]);
    const seen: Uint8Array[] = [];
    const error = await (async () => {
      try {
        for await (const chunk of stream) seen.push(chunk);
      } catch (e) {
        return e as MiniMaxError;
      }
    })();
    expect(seen).toEqual([new Uint8Array([1])]);
    expect(error).toBeInstanceOf(InputSafetyError);
    expect(error?.trace_id).toBe('tr-x');
  });

  it('rejects the first step on an HTTP error', async () => {
    const { stream } = audioStream(() =>
      jsonResponse({ base_resp: { status_code: 1004, status_msg: 'bad key' } }, { status: 401 }),
    );
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      name: 'AuthError',
      status: 401,
    });
  });

  it('can be read only once', async () => {
    const { stream } = audioStream([evt({ data: { audio: '01', status: 1 } }), FINAL]);
    await all(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(MiniMaxError);
  });

  it('save() streams to disk; a failure mid-stream leaves no file and no temp', async () => {
    const good = audioStream([
      evt({ data: { audio: '0102', status: 1 } }),
      evt({ data: { audio: '03', status: 1 } }),
      FINAL,
    ]);
    const target = join(dir, 'deep', 'ok.mp3');
    await good.stream.save(target);
    expect(new Uint8Array(await readFile(target))).toEqual(new Uint8Array([1, 2, 3]));

    const bad = audioStream([
      evt({ data: { audio: '0102', status: 1 } }),
      evt({ base_resp: { status_code: 1000, status_msg: 'boom' } }),
    ]);
    const failed = join(dir, 'deep', 'bad.mp3');
    await expect(bad.stream.save(failed)).rejects.toBeInstanceOf(ServerError);
    expect((await readdir(join(dir, 'deep'))).sort()).toEqual(['ok.mp3']);
  });

  it('toReadableStream() gives the same bytes', async () => {
    const { stream } = audioStream([
      evt({ data: { audio: '0102', status: 1 } }),
      evt({ data: { audio: '03', status: 1 } }),
      FINAL,
    ]);
    const bytes = new Uint8Array(await new Response(stream.toReadableStream()).arrayBuffer());
    expect(bytes).toEqual(new Uint8Array([1, 2, 3]));
  });
});
