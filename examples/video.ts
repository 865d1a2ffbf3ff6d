/**
 * Video: generate from text (waiting with progress), then animate a local image.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/video.ts [path/to/first-frame.jpg]
 */
import MiniMax, { PollTimeoutError, TaskFailedError } from 'minimax-sdk';

const client = new MiniMax();

try {
  const video = await client.video.textToVideo(
    {
      prompt: 'A red fox running through fresh snow [Tracking shot]',
      model: 'MiniMax-Hailuo-02',
      resolution: '768P',
    },
    {
      pollInterval: 10_000,
      onProgress: ({ status, elapsed_ms }) => console.log(`${Math.round(elapsed_ms / 1000)}s: ${status}`),
    },
  );
  console.log(`${video.video_width}x${video.video_height}, download within the hour:`, video.download_url);
} catch (error) {
  if (error instanceof TaskFailedError) console.error(`task ${error.task_id} failed: ${error.message}`);
  else if (error instanceof PollTimeoutError) console.error('still running; resume later with video.wait()');
  else throw error;
}

const frame = process.argv[2];
if (frame) {
  // A local file is sent as a base64 data URI; URLs are sent as they are.
  const video = await client.video.imageToVideo({
    first_frame_image: frame,
    prompt: 'The scene slowly comes alive',
  });
  console.log('image to video:', video.download_url);
}
