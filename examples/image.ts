/**
 * Images: generate two, save them; then get one as base64 and keep it in memory.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/image.ts
 */
import MiniMax from 'minimax-sdk';

const client = new MiniMax();

const result = await client.image.generate({
  prompt: 'A lighthouse at dawn, watercolour',
  aspect_ratio: '16:9',
  n: 2,
});
console.log(`${result.success_count} made, ${result.failed_count} withheld`);
console.log('saved:', await result.save('out/images'));

const inline = await client.image.generate({
  prompt: 'A cat astronaut, studio photo',
  response_format: 'base64',
});
const [bytes] = await inline.images();
console.log(`first image: ${bytes?.byteLength ?? 0} bytes`);
