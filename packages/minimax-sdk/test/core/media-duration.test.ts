/** mediaDurationMs: lengths read from container headers, never a throw on bytes it cannot read. */
import { describe, expect, it } from 'vitest';
import { mediaDurationMs } from '../../src/index.js';

/** A PCM WAV of `ms` milliseconds of silence: 16 kHz, mono, 16-bit. */
function wav(ms: number): Uint8Array {
  const data = (16_000 * 2 * ms) / 1000;
  const bytes = new Uint8Array(44 + data);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + data, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 16_000, true);
  view.setUint32(28, 32_000, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, data, true);
  return bytes;
}

describe('mediaDurationMs', () => {
  it('reads a WAV length from its header', () => {
    expect(mediaDurationMs(wav(1500))).toBe(1500);
    expect(mediaDurationMs(wav(250))).toBe(250);
  });

  it('is undefined for bytes that are no media, or a header cut short', () => {
    expect(mediaDurationMs(new Uint8Array(0))).toBeUndefined();
    expect(mediaDurationMs(new Uint8Array(64))).toBeUndefined();
    expect(mediaDurationMs(new TextEncoder().encode('not audio at all'))).toBeUndefined();
    expect(mediaDurationMs(wav(1000).subarray(0, 30))).toBeUndefined();
    const ogg = new TextEncoder().encode('OggS');
    expect(mediaDurationMs(ogg)).toBeUndefined();
  });

  it('reads the mock TTS audio in every container it writes', async () => {
    const { startMockServer } = await import('../../src/mock/index.js');
    const { MiniMax } = await import('../../src/index.js');
    const mock = await startMockServer({ apiKey: 'k' });
    try {
      const client = new MiniMax({ apiKey: 'k', baseURL: mock.url, maxRetries: 0 });
      for (const format of ['mp3', 'wav', 'flac', 'opus', 'pcmu_wav'] as const) {
        const audio = await client.speech.tts({
          text: 'A sentence of about two seconds.',
          model: 'speech-2.8-turbo',
          voice_setting: { voice_id: 'English_expressive_narrator' },
          audio_setting: { format },
        });
        const ms = mediaDurationMs(audio.data);
        expect(ms, format).toBeDefined();
        expect(Math.abs((ms ?? 0) - (audio.duration ?? 0)), format).toBeLessThan(80);
      }
    } finally {
      await mock.close();
    }
  });
});
