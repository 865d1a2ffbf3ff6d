/**
 * The Responses API (the OpenAI format): one response with its reasoning item, then a streamed
 * tool loop that replays the output items and answers the function call.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/responses.ts
 */
import MiniMax, { type ResponseFunctionTool, type ResponseInputItem } from 'minimax-sdk';

const client = new MiniMax();
const model = 'MiniMax-M2.7';

// 1. One response: output items (reasoning, message), the answer joined in output_text, usage.
const response = await client.responses.create({
  model,
  instructions: 'Answer in one sentence.',
  input: 'What is 17 * 23?',
});
console.log(response.output_text);
console.log(
  `(${response.output.map((item) => item.type).join(' + ')}; ${response.usage?.total_tokens} tokens)`,
);

// 2. A tool loop over streams: replay every output item, answer each function_call.
const weather: ResponseFunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const input: ResponseInputItem[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
for (let turn = 0; turn < 5; turn++) {
  const stream = client.responses.createStream({ model, input, tools: [weather] });
  for await (const event of stream) {
    if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
  }
  const done = await stream.finalResponse();
  input.push(...done.output);
  const calls = done.output.filter((item) => item.type === 'function_call');
  if (calls.length === 0) break;
  for (const call of calls) {
    if (call.type !== 'function_call') continue;
    const { city } = JSON.parse(call.arguments) as { city: string };
    input.push({
      type: 'function_call_output',
      call_id: call.call_id,
      output: JSON.stringify({ city, temp_c: 21 }),
    });
  }
}
console.log();
