/**
 * The Vercel AI SDK on MiniMax: a tool loop with thinking, a streamed answer, speech and images.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/ai-provider.ts
 */
import { writeFile } from 'node:fs/promises';
import {
  generateImage,
  experimental_generateSpeech as generateSpeech,
  generateText,
  jsonSchema,
  stepCountIs,
  streamText,
  tool,
} from 'ai';
import { minimax } from 'minimax-ai-provider';

const weather = tool({
  description: 'Current weather in a city',
  inputSchema: jsonSchema<{ city: string }>({
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
  }),
  execute: async ({ city }) => `18°C and sunny in ${city}`,
});

// The tool loop: thinking blocks go back to the API verbatim (signature included) between steps.
const answer = await generateText({
  model: minimax('MiniMax-M3'),
  prompt: 'What should I wear in Paris today?',
  tools: { weather },
  stopWhen: stepCountIs(3),
  providerOptions: { minimax: { thinking: { type: 'adaptive' } } },
});
console.log(answer.reasoningText, '\n', answer.text, answer.usage);

const stream = streamText({ model: minimax('MiniMax-M2.7'), prompt: 'A haiku about lighthouses' });
for await (const delta of stream.textStream) process.stdout.write(delta);

const speech = await generateSpeech({
  model: minimax.speech('speech-2.8-hd'),
  text: 'Hello from the AI SDK.',
  voice: 'English_expressive_narrator',
  speed: 1.1,
  outputFormat: 'mp3',
  language: 'en',
});
await writeFile('hello.mp3', speech.audio.uint8Array);

const { images } = await generateImage({
  model: minimax.image('image-01'),
  prompt: 'A lighthouse at dawn, watercolour',
  n: 2,
  aspectRatio: '16:9',
  seed: 7,
});
await Promise.all(images.map((image, i) => writeFile(`lighthouse-${i}.png`, image.uint8Array)));
