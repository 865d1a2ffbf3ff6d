/**
 * Speak a model's reply as it streams: the reply's text deltas go straight into
 * `speech.streamText`, which speaks each sentence as soon as it is complete; the text is printed
 * as it comes and the audio is saved to a file.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/speak-reply.ts [reply.mp3]
 *
 * Offline, against the bundled mock: `MINIMAX_BASE_URL=http://127.0.0.1:<port>` with `minimax mock`.
 */
import MiniMax from 'minimax-sdk';

const out = process.argv[2] ?? 'reply.mp3';

async function* printed(text: AsyncIterable<string>): AsyncGenerator<string> {
  for await (const delta of text) {
    process.stdout.write(delta);
    yield delta;
  }
  process.stdout.write('\n');
}

async function main(): Promise<void> {
  const client = new MiniMax();
  const reply = client.text.createStream({
    model: 'MiniMax-M2.7',
    max_tokens: 256,
    messages: [{ role: 'user', content: 'Tell me, in two sentences, why the sea is salty.' }],
  });
  const audio = client.speech.streamText(printed(reply.textStream), {
    model: 'speech-2.8-turbo',
    voice_setting: { voice_id: 'English_expressive_narrator' },
    audio_setting: { format: 'mp3', sample_rate: 32000 },
  });
  await audio.save(out);
  console.log(`saved ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
