/**
 * Speak a model's reply as it streams: the text deltas go into a bidirectional speech session
 * while its audio, sentence by sentence, goes to a file.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/speak-reply.ts [reply.mp3]
 *
 * Offline, against the bundled mock: `MINIMAX_BASE_URL=http://127.0.0.1:<port>` with `minimax mock`.
 */
import { createWriteStream } from 'node:fs';
import MiniMax from 'minimax-sdk';

const out = process.argv[2] ?? 'reply.mp3';

async function main(): Promise<void> {
  const client = new MiniMax();
  await using session = await client.speech.connectBidi({
    model: 'speech-2.8-turbo',
    voice_setting: { voice_id: 'English_expressive_narrator' },
  });
  const file = createWriteStream(out);
  // Read while writing: audio arrives as soon as the first sentence is complete.
  const played = (async () => {
    for await (const event of session.events()) {
      if (event.type === 'sentence_start') console.log(`saying: ${event.text}`);
      else if (event.type === 'audio') file.write(event.audio);
    }
  })();
  const reply = client.text.createStream({
    model: 'MiniMax-M2.7',
    max_tokens: 256,
    messages: [{ role: 'user', content: 'Tell me, in two sentences, why the sea is salty.' }],
  });
  for await (const delta of reply.textStream) await session.write(delta);
  await session.finish();
  await played;
  await new Promise<void>((resolve, reject) =>
    file.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  console.log(`saved ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
