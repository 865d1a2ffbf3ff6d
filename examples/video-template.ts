/**
 * Video Agent templates: fill a template's slots, wait with progress, save the MP4; then pick the
 * same task up again by its id (as another process would).
 *
 *   MINIMAX_API_KEY=... npx tsx examples/video-template.ts path/to/photo.jpg
 */
import MiniMax, { TaskFailedError } from 'minimax-sdk';

const client = new MiniMax();
const photo = process.argv[2] ?? 'https://example.com/me.jpg';

try {
  const video = await client.video.templates.generate(
    // "Diving" takes one photo; the template list says what each template needs.
    { template_id: '392747428568649728', media_inputs: [{ value: photo }] },
    { onProgress: ({ status, elapsed_ms }) => console.log(`${Math.round(elapsed_ms / 1000)}s: ${status}`) },
  );
  console.log(video.video_url, await video.save('diving.mp4'));

  // Only the id is needed to wait again, from anywhere.
  const again = await new MiniMax().video.templates.wait({ task_id: video.task_id });
  console.log(again.status);
} catch (error) {
  if (error instanceof TaskFailedError)
    console.error(`task ${error.task_id} failed (${error.code}): ${error.message}`);
  else throw error;
}
