/**
 * Speech to text: speak a sentence, then read it back as text, subtitles and a live stream.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/transcribe.ts [audio-file]
 *
 * Offline, against the bundled mock: `MINIMAX_BASE_URL=http://127.0.0.1:<port>` with `minimax mock`
 * (the mock hears exactly what its own TTS spoke).
 */
import MiniMax from 'minimax-sdk';

async function main(): Promise<void> {
  const client = new MiniMax();
  const file =
    process.argv[2] ??
    (
      await client.speech.tts({
        text: 'Speech to text with MiniMax. Every word comes back.',
        model: 'speech-2.8-turbo',
        voice_setting: { voice_id: 'English_expressive_narrator' },
        audio_setting: { format: 'mp3' },
      })
    ).data;

  const detailed = await client.speech.transcribe({ file, response_format: 'verbose_json' });
  console.log(`${detailed.language ?? '?'}, ${detailed.duration ?? '?'} s: ${detailed.text}`);
  for (const s of detailed.segments ?? [])
    console.log(`  [${s.start}-${s.end}] ${s.speaker ?? ''} ${s.text}`);

  console.log(await client.speech.transcribe({ file, response_format: 'vtt' }));

  const stream = client.speech.transcribeStream({ file });
  for await (const delta of stream) process.stdout.write(delta);
  console.log(`\nfinal: ${await stream.finalText()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
