/**
 * Models and token counts: list the text models the key can call, look one up, and count the
 * input tokens of a prompt before sending it.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/models.ts
 */
import MiniMax, { type MessageParam } from 'minimax-sdk';

const client = new MiniMax();

const { data } = await client.models.list();
for (const model of data) console.log(`${model.id}\t${new Date(model.created * 1000).toDateString()}`);

const m3 = await client.models.retrieve({ model: 'MiniMax-M3' });
console.log(`${m3.id} is owned by ${m3.owned_by}`);

// Count first, then decide: a long prompt may deserve a summary before it is sent.
const messages: MessageParam[] = [
  { role: 'user', content: 'Explain the attention mechanism in one paragraph.' },
];
const { input_tokens } = await client.text.countTokens({ model: 'MiniMax-M3', messages });
console.log(`the prompt takes ${input_tokens} input tokens`);
if (input_tokens < 10_000) {
  const reply = await client.text.create({ model: 'MiniMax-M3', max_tokens: 512, messages });
  for (const block of reply.content) if (block.type === 'text') console.log(block.text);
}
