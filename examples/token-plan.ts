/**
 * Token Plan endpoints: what the plan has left, a web search, and a question about an image.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/token-plan.ts screenshot.png
 */
import MiniMax from 'minimax-sdk';

const client = new MiniMax();

const { model_remains } = await client.account.quota();
if (model_remains.length === 0) console.log('This key has no Token Plan.');
for (const lane of model_remains) {
  const left = lane.current_interval_remaining_percent;
  const resets = Math.round(lane.remains_time / 60_000);
  console.log(`${lane.model_name}: ${left === undefined ? '?' : `${left}%`} left, resets in ${resets} min`);
}

// Search, then ask the vision model about the image given on the command line.
const { organic, related_searches } = await client.search.query({ q: 'MiniMax M3 context window' });
for (const hit of organic.slice(0, 3)) console.log(`${hit.title}\n  ${hit.link}`);
if (related_searches.length > 0) console.log(`related: ${related_searches.map((r) => r.query).join(', ')}`);

const image = process.argv[2];
if (image !== undefined) {
  const { content } = await client.vision.describe({ prompt: 'Describe the image in one sentence.', image });
  console.log(content);
}
