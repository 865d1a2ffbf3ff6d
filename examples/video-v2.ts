/**
 * Video V2 (MiniMax-H3): a text-only video, then one from local reference images, resumable by id.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/video-v2.ts [path/to/reference.png]
 */
import MiniMax, { InvalidParameterError, TaskFailedError } from 'minimax-sdk';

const client = new MiniMax();

try {
  // Text-only needs a concrete ratio; the SDK refuses the request before sending it otherwise.
  const video = await client.video.v2.generate(
    { content: [{ type: 'text', text: 'Waves rolling onto a beach at dawn' }], ratio: '16:9', duration: 6 },
    { onProgress: ({ status, elapsed_ms }) => console.log(`${Math.round(elapsed_ms / 1000)}s: ${status}`) },
  );
  console.log(video.usage, await video.save('waves.mp4'));
} catch (error) {
  if (error instanceof TaskFailedError)
    console.error(`task ${error.task_id} ${error.task_status}: ${error.message}`);
  else if (error instanceof InvalidParameterError) console.error(error.message);
  else throw error;
}

const reference = process.argv[2];
if (reference) {
  // Local files go inline as data URIs, or are uploaded first (mm_file://) when large.
  const { task_id } = await client.video.v2.create({
    content: [
      { type: 'text', text: 'The character waves at the camera' },
      { type: 'image_url', image_url: { url: reference }, role: 'reference_image' },
    ],
  });
  // Any process can pick the task up by its id.
  const video = await client.video.v2.wait({ task_id });
  console.log(await video.save('reference.mp4'));
  const { tasks } = await client.video.v2.list({ status: 'succeeded', page: 1 });
  console.log(tasks.map((t) => `${t.id} ${t.status}`));
}
