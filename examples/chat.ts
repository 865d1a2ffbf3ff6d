/**
 * Chat Completions (the OpenAI format): one reply with its inline reasoning split off, then a
 * streamed tool loop (the model calls a tool, we answer, it finishes in text).
 *
 *   MINIMAX_API_KEY=... npx tsx examples/chat.ts
 */
import MiniMax, { type ChatMessageParam, type ChatTool, splitThinking } from 'minimax-sdk';

const client = new MiniMax();
const model = 'MiniMax-M2.7';

// 1. One reply. M2.x reasons inline as <think>…</think> unless reasoning_split is set.
const reply = await client.chat.create({ model, messages: [{ role: 'user', content: 'What is 17 * 23?' }] });
const { reasoning, content } = splitThinking(reply.choices[0]?.message.content);
console.log(content);
console.log(
  `(reasoned for ${reasoning.length} chars; ${reply.usage?.total_tokens} tokens, trace ${reply.trace_id})`,
);

// 2. A tool loop over streams, with the reasoning apart (reasoning_split) and kept in the history.
const weather: ChatTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const messages: ChatMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
for (let turn = 0; turn < 5; turn++) {
  const stream = client.chat.createStream({ model, messages, tools: [weather], reasoning_split: true });
  for await (const piece of stream.textStream) process.stdout.write(piece);
  const completion = await stream.finalCompletion();
  const message = completion.choices[0]?.message;
  if (!message) break;
  const calls = message.tool_calls ?? [];
  messages.push({
    role: 'assistant',
    content: message.content,
    ...(calls.length > 0 ? { tool_calls: calls } : {}),
    ...(message.reasoning_details ? { reasoning_details: message.reasoning_details } : {}),
  });
  if (calls.length === 0) break;
  for (const call of calls) {
    const args = JSON.parse(call.function.arguments || '{}') as { city?: string };
    messages.push({
      role: 'tool',
      tool_call_id: call.id,
      content: `Sunny and 21°C in ${args.city ?? 'that city'}`,
    });
  }
  process.stdout.write('\n');
}
process.stdout.write('\n');
