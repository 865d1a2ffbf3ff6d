/**
 * The mock's Opus (Ogg) and G.711 µ-law audio, checked by parsers written here from the formats'
 * rules (Ogg pages and their CRC, OpusHead/OpusTags, the WAV header with format tag 7, µ-law
 * decoding), and by music-metadata as an independent reader.
 */
import { parseBuffer } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { mulawEncode } from '../../src/mock/media/mulaw.js';
import { OPUS_PRE_SKIP } from '../../src/mock/media/ogg.js';
import { describeAudio, synthAudio } from '../../src/mock/media.js';
import { mulawDecode, readOgg, readWav } from '../helpers/audio-check.js';

describe('opus: Ogg Opus', () => {
  it.each([
    { sampleRate: 24000, channels: 1 as const, durationMs: 1234 },
    { sampleRate: 48000, channels: 2 as const, durationMs: 20 },
    { sampleRate: 16000, channels: 1 as const, durationMs: 3000 },
  ])('has valid pages, headers and granules ($sampleRate Hz, $channels ch, $durationMs ms)', (spec) => {
    const bytes = synthAudio({ format: 'opus', ...spec });
    const pages = readOgg(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, i) => {
      expect(page.sequence).toBe(i);
      expect(page.serial).toBe(pages[0]!.serial);
    });
    // BOS only on the first page, EOS only on the last.
    expect(pages.map((p) => p.flags & 0x02)).toEqual([0x02, ...new Array(pages.length - 1).fill(0)]);
    expect(pages.map((p) => p.flags & 0x04)).toEqual([...new Array(pages.length - 1).fill(0), 0x04]);

    const head = pages[0]!.packets;
    expect(head).toHaveLength(1);
    const h = head[0]!;
    const hv = new DataView(h.buffer, h.byteOffset, h.byteLength);
    expect(new TextDecoder().decode(h.subarray(0, 8))).toBe('OpusHead');
    expect(h.length).toBe(19);
    expect(h[8]).toBe(1);
    expect(h[9]).toBe(spec.channels);
    expect(hv.getUint16(10, true)).toBe(OPUS_PRE_SKIP);
    expect(hv.getUint32(12, true)).toBe(spec.sampleRate);
    expect(h[18]).toBe(0);
    expect(pages[0]!.granule).toBe(0n);
    const tags = pages[1]!.packets[0]!;
    expect(new TextDecoder().decode(tags.subarray(0, 8))).toBe('OpusTags');
    expect(pages[1]!.granule).toBe(0n);

    const audio = pages.slice(2);
    const packets = audio.flatMap((p) => p.packets);
    for (const packet of packets) {
      // TOC: config 31 (CELT-only, fullband, 20 ms), code 0 (one frame).
      expect(packet[0]! >> 3).toBe(31);
      expect(packet[0]! & 3).toBe(0);
    }
    const samples = Math.round(spec.durationMs * 48);
    expect(packets.length).toBe(Math.ceil(samples / 960));
    // Granules grow, never pass the packets' samples, and the last one trims to the exact length.
    let seen = 0;
    for (const page of audio) {
      seen += page.packets.length;
      expect(page.granule).toBeLessThanOrEqual(BigInt(OPUS_PRE_SKIP + seen * 960));
    }
    expect(audio.at(-1)!.granule).toBe(BigInt(OPUS_PRE_SKIP + samples));
    expect(describeAudio({ format: 'opus', ...spec })).toMatchObject({
      durationMs: spec.durationMs,
      sampleRate: spec.sampleRate,
      channels: spec.channels,
      size: bytes.length,
    });
  });

  it('is read as Opus of the right length by music-metadata', async () => {
    const bytes = synthAudio({ format: 'opus', sampleRate: 32000, channels: 1, durationMs: 2500 });
    const { format } = await parseBuffer(bytes, { mimeType: 'audio/ogg' });
    expect(format.container).toBe('Ogg');
    expect(format.codec).toBe('Opus');
    expect(format.numberOfChannels).toBe(1);
    expect(Math.abs(format.duration! * 1000 - 2500)).toBeLessThanOrEqual(1);
  });
});

describe('µ-law: pcmu_raw and pcmu_wav', () => {
  it('encodes G.711 reference points', () => {
    expect(mulawEncode(0)).toBe(0xff);
    expect(mulawEncode(-1)).toBe(0x7f);
    expect(mulawEncode(32767)).toBe(0x80);
    expect(mulawEncode(-32768)).toBe(0x00);
    for (const s of [-30000, -1000, -5, 7, 100, 2000, 12345]) {
      // Companding keeps the sign and stays within the step of its segment.
      const back = mulawDecode(mulawEncode(s));
      expect(Math.sign(back)).toBe(Math.sign(s));
      expect(Math.abs(back - s)).toBeLessThanOrEqual(Math.max(8, Math.abs(s) / 16));
    }
  });

  it('pcmu_raw is one byte a sample carrying the tone', () => {
    const bytes = synthAudio({ format: 'pcmu_raw', sampleRate: 8000, channels: 1, durationMs: 1000 });
    expect(bytes.length).toBe(8000);
    const samples = [...bytes].map(mulawDecode);
    const peak = Math.max(...samples.map(Math.abs));
    let crossings = 0;
    for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 && samples[i]! >= 0) crossings++;
    expect(peak).toBeGreaterThan(1000);
    expect(peak).toBeLessThan(8000);
    expect(crossings).toBeGreaterThan(400);
    expect(crossings).toBeLessThan(480);
    expect(describeAudio({ format: 'pcmu_raw', sampleRate: 8000, channels: 1, durationMs: 1000 })).toEqual({
      durationMs: 1000,
      sampleRate: 8000,
      channels: 1,
      size: 8000,
      bitrate: 64000,
    });
  });

  it.each([
    { channels: 1 as const, durationMs: 1500 },
    { channels: 2 as const, durationMs: 333 },
    { channels: 1 as const, durationMs: 0.125 },
  ])(
    'pcmu_wav has a format-7 WAV header over the same samples ($channels ch, $durationMs ms)',
    async (spec) => {
      const wav = synthAudio({ format: 'pcmu_wav', sampleRate: 8000, ...spec });
      const raw = synthAudio({ format: 'pcmu_raw', sampleRate: 8000, ...spec });
      const header = readWav(wav);
      expect(header).toMatchObject({
        formatTag: 7, // WAVE_FORMAT_MULAW
        fmtSize: 18,
        cbSize: 0,
        channels: spec.channels,
        sampleRate: 8000,
        byteRate: 8000 * spec.channels,
        blockAlign: spec.channels,
        bitsPerSample: 8,
        factSamples: raw.length / spec.channels,
      });
      expect(Buffer.from(header.data).equals(Buffer.from(raw))).toBe(true);
      expect(describeAudio({ format: 'pcmu_wav', sampleRate: 8000, ...spec }).size).toBe(wav.length);
      const { format } = await parseBuffer(wav, { mimeType: 'audio/wav' });
      expect(format.container).toBe('WAVE');
      expect(format.sampleRate).toBe(8000);
      expect(format.numberOfChannels).toBe(spec.channels);
    },
  );
});
