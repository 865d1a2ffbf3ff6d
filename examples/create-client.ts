/**
 * A client with only the resources it uses: `createClient` builds `text` and `chat` (and `files`,
 * which every client has), so a bundled app (esbuild, Vite, webpack) leaves speech, video, music
 * and the rest out. The calls are the same as on `new MiniMax()`.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/create-client.ts
 */
import { Chat, createClient, type MiniMaxClient, Text } from 'minimax-sdk';

const client = createClient({ resources: { text: Text, chat: Chat } }); // reads MINIMAX_API_KEY
const model = 'MiniMax-M2.7';

const reply = await client.text.create({
  model,
  max_tokens: 256,
  messages: [{ role: 'user', content: 'Name three prime numbers.' }],
});
for (const block of reply.content) if (block.type === 'text') console.log(block.text);

const completion = await client.chat.create({
  model,
  messages: [{ role: 'user', content: 'And three even ones?' }],
});
console.log(completion.choices[0]?.message.content);

// A function can ask for just what it uses; a full `new MiniMax()` fits it too.
async function haiku(text: MiniMaxClient<{ text: typeof Text }>, topic: string): Promise<void> {
  const stream = text.text.createStream({
    model,
    max_tokens: 256,
    messages: [{ role: 'user', content: `A haiku about ${topic}.` }],
  });
  for await (const piece of stream.textStream) process.stdout.write(piece);
  console.log();
}
await haiku(client.withOptions({ timeout: 30_000 }), 'the sea');

// client.speech.tts(...) would not compile: speech was not chosen.
