/**
 * Text to speech three ways: one call, an HTTP stream, and a WebSocket session.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/speech.ts [output-dir]
 *
 * Offline, against the bundled mock: `MINIMAX_BASE_URL=http://127.0.0.1:<port>` with `minimax mock`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import MiniMax, { audioExtension } from 'minimax-sdk';

const outDir = process.argv[2] ?? 'speech-output';
const voice_setting = { voice_id: 'English_expressive_narrator', speed: 1, vol: 1, pitch: 0 };

async function main(): Promise<void> {
  const client = new MiniMax();
  await mkdir(outDir, { recursive: true });

  // One call: the whole clip at once, with its metadata.
  const audio = await client.speech.tts({
    text: 'Hello! This sentence was synthesised in a single request.',
    model: 'speech-2.8-hd',
    voice_setting,
    audio_setting: { format: 'mp3', sample_rate: 32000, bitrate: 128000, channel: 1 },
  });
  console.log(`tts: ${audio.size} bytes, ${audio.duration} ms, trace ${audio.trace_id ?? '-'}`);
  await audio.save(join(outDir, 'tts.mp3'));

  // An HTTP stream, written to disk as it arrives.
  const streamed = await client.speech
    .ttsStream({
      text: 'This one arrives in pieces, and goes straight to a file.',
      model: 'speech-2.8-turbo',
      voice_setting,
    })
    .save(join(outDir, 'stream.mp3'));
  console.log(`ttsStream: saved ${streamed}`);

  // Other formats: Ogg Opus for the web, G.711 µ-law (raw or WAV) for telephony; word timings.
  for (const format of ['opus', 'pcmu_wav'] as const) {
    const clip = await client.speech.tts({
      text: 'Every format the platform offers.',
      model: 'speech-2.8-hd',
      voice_setting,
      audio_setting: { format },
      subtitle_enable: true,
      subtitle_type: 'word',
    });
    const path = await clip.save(join(outDir, `formats-${format}.${audioExtension(clip.format)}`));
    const words = (await (await fetch(clip.subtitle_file ?? '')).json()) as {
      text: string;
      time_begin: number;
    }[];
    console.log(
      `${format}: ${path}, ${clip.sample_rate} Hz, first word "${words[0]?.text}" at ${words[0]?.time_begin} ms`,
    );
  }

  // A WebSocket session: several texts over one connection, closed at the end of the block.
  {
    await using conn = await client.speech.connect({ model: 'speech-2.8-turbo', voice_setting });
    console.log(`session ${conn.session_id}`);
    const first = await conn.send({ text: 'First line over the socket.' });
    await first.save(join(outDir, 'ws-1.mp3'));
    let bytes = 0;
    for await (const chunk of conn.sendStream({ text: 'Second line, played as it streams.' }))
      bytes += chunk.byteLength;
    console.log(`sendStream: ${bytes} bytes`);
  }
}

main().catch((error: unknown) => {
  console.error(String(error));
  process.exitCode = 1;
});
