/** The seed's `tests/test_audio.py`, carried over to the core the speech resource builds on. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { audioFromBody } from '../../src/core/audio.js';
import { AudioResponse, decodeHex, MiniMaxError } from '../../src/index.js';

const noDownload = () => Promise.reject(new Error('no download expected'));

describe('decodeHex', () => {
  it('decodes, accepts empty input, round-trips', () => {
    expect(new TextDecoder().decode(decodeHex('48656c6c6f'))).toBe('Hello');
    expect(decodeHex('').byteLength).toBe(0);
    const bytes = new Uint8Array([0, 1, 127, 128, 255]);
    expect(Array.from(decodeHex(Buffer.from(bytes).toString('hex')))).toEqual(Array.from(bytes));
    expect(Array.from(decodeHex('FFfb'))).toEqual([255, 251]);
  });

  it('rejects non-hex and odd-length input with MiniMaxError (the seed: ValueError)', () => {
    expect(() => decodeHex('zz')).toThrow(MiniMaxError);
    expect(() => decodeHex('abc')).toThrow(MiniMaxError);
    expect(() => decodeHex('48 65')).toThrow(MiniMaxError);
  });
});

describe('AudioResponse', () => {
  it('save() writes the exact bytes and creates parent folders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'speech-audio-'));
    try {
      const audio = new AudioResponse({ data: new Uint8Array([1, 2, 3, 4]) });
      const path = await audio.save(join(dir, 'a', 'b', 'out.mp3'));
      expect(Array.from(await readFile(path))).toEqual([1, 2, 3, 4]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('toBase64() is standard padded base64 and round-trips', () => {
    const audio = new AudioResponse({ data: new Uint8Array([104, 105, 33, 0]) });
    expect(audio.toBase64()).toBe('aGkhAA==');
    expect(Array.from(Buffer.from(audio.toBase64(), 'base64'))).toEqual([104, 105, 33, 0]);
  });

  it('shows the size of the data, never the bytes', () => {
    const audio = new AudioResponse({
      data: new Uint8Array([1, 2, 3, 4]),
      duration: 1234.5,
      sample_rate: 32000,
      format: 'mp3',
      size: 4,
    });
    const shown = inspect(audio);
    expect(shown).toContain('<4 bytes>');
    expect(shown).toContain('1234.5');
    expect(shown).toContain('32000');
    expect(shown).toContain('"mp3"');
    expect(JSON.stringify(audio)).toContain('"<4 bytes>"');
    expect(inspect(new AudioResponse({ data: new Uint8Array(100_000) }))).toContain('<100000 bytes>');
  });
});

describe('audioFromBody (the seed: build_audio_response)', () => {
  it('maps the nested speech shape', () => {
    const audio = audioFromBody(
      {
        data: { audio: '48656c6c6f' },
        extra_info: { audio_length: 1234.5, audio_sample_rate: 32000, audio_size: 5, audio_format: 'mp3' },
      },
      noDownload,
    );
    expect(audio).toMatchObject({ duration: 1234.5, sample_rate: 32000, size: 5, format: 'mp3' });
    expect(new TextDecoder().decode(audio.data)).toBe('Hello');
  });

  it('maps the flat shape', () => {
    const audio = audioFromBody(
      { audio_hex: '4142', audio_length: 10, audio_sample_rate: 16000, audio_size: 2, audio_format: 'pcm' },
      noDownload,
    );
    expect(audio).toMatchObject({ duration: 10, sample_rate: 16000, size: 2, format: 'pcm' });
    expect(Array.from(audio.data)).toEqual([65, 66]);
  });

  it('gives empty data and size 0 for {}', () => {
    const audio = audioFromBody({}, noDownload);
    expect(audio.data.byteLength).toBe(0);
    expect(audio).toMatchObject({ size: 0, duration: 0, sample_rate: 0, format: 'mp3' });
  });

  it('takes the decoded length when audio_size is missing', () => {
    expect(audioFromBody({ data: { audio: 'aabbcc' }, extra_info: {} }, noDownload).size).toBe(3);
  });
});
