/**
 * Text: one reply, a streamed reply, then a tool loop (the model calls a tool, we answer, it
 * finishes in text).
 *
 *   MINIMAX_API_KEY=... npx tsx examples/text.ts
 */
import MiniMax, { type MessageParam, type Tool } from 'minimax-sdk';

const client = new MiniMax();
const model = 'MiniMax-M2.7';

// 1. One reply. Thinking blocks may come first; print only the text.
const reply = await client.text.create({
  model,
  max_tokens: 512,
  messages: [{ role: 'user', content: 'What is 17 * 23?' }],
});
for (const block of reply.content) if (block.type === 'text') console.log(block.text);
console.log(`(${reply.usage.input_tokens} in, ${reply.usage.output_tokens} out, trace ${reply.trace_id})`);

// 2. Streamed: print text as it arrives, then read the assembled message.
const stream = client.text.createStream({
  model,
  max_tokens: 512,
  messages: [{ role: 'user', content: 'Write a haiku about the sea.' }],
});
for await (const piece of stream.textStream) process.stdout.write(piece);
const streamed = await stream.finalMessage();
console.log(`\n(stop: ${streamed.stop_reason})`);

// 3. Tool use: run the tool the model asks for and send its result back, until it answers in text.
const weather: Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
function getWeather(input: unknown): string {
  const city = (input as { city?: unknown } | null)?.city;
  return `Sunny and 21°C in ${typeof city === 'string' ? city : 'that city'}`;
}

const messages: MessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
for (let turn = 0; turn < 5; turn++) {
  const message = await client.text.create({ model, max_tokens: 1024, messages, tools: [weather] });
  // Replay the whole content (thinking included, unchanged): the API expects it in a tool loop.
  messages.push({ role: 'assistant', content: message.content });
  const calls = message.content.filter((block) => block.type === 'tool_use');
  if (message.stop_reason !== 'tool_use' || calls.length === 0) {
    for (const block of message.content) if (block.type === 'text') console.log(block.text);
    break;
  }
  for (const call of calls) console.log(`→ ${call.name}(${JSON.stringify(call.input)})`);
  messages.push({
    role: 'user',
    content: calls.map((call) => ({
      type: 'tool_result',
      tool_use_id: call.id,
      content: getWeather(call.input),
    })),
  });
}
