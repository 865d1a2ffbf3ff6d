/**
 * Callbacks: a receiver for MiniMax's task posts, on Node's http and as a Web handler.
 *
 *   MINIMAX_CALLBACK_SECRET=$(openssl rand -hex 16) npx tsx examples/callbacks.ts 8080
 *
 * Then create a task with `callback_url: http://your-public-host:8080/minimax?secret=…` (the
 * platform must reach it: a tunnel works for trying this from a laptop).
 */
import { createServer } from 'node:http';
import { type CallbackEvent, handleCallback, nodeCallbackHandler } from 'minimax-sdk';

const secret = process.env.MINIMAX_CALLBACK_SECRET;
if (!secret)
  throw new Error('Set MINIMAX_CALLBACK_SECRET: without it anyone who finds the URL can post to it.');

/** Called once per status post; it may run twice for the same status (the platform retries). */
async function onEvent(event: CallbackEvent): Promise<void> {
  switch (event.api) {
    case 'v1':
      // V1 video: file_id once `success` (retrieve it for a download URL); templates: video_url.
      console.log(`v1 ${event.task_id}: ${event.status}`, event.file_id ?? event.video_url ?? '');
      if (event.status === 'failed') console.log('  why:', event.base_resp?.status_msg);
      break;
    case 'v2':
      console.log(`v2 ${event.task_id}: ${event.status}`, event.url ?? event.error?.message ?? '');
      break;
  }
}

/** The same receiver for a Web handler (Next.js route, Hono, Bun.serve, Deno.serve, a Worker). */
export function POST(request: Request): Promise<Response> {
  return handleCallback(request, onEvent, { secret });
}

const port = Number(process.argv[2] ?? 8080);
const server = createServer(
  nodeCallbackHandler(onEvent, { secret, onChallenge: (c) => console.log('challenge', c) }),
);
// Port 0 picks a free one: print the port the server got, not the one asked for.
server.listen(port, () => {
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  console.log(`listening on http://127.0.0.1:${bound}/minimax?secret=…`);
});
process.once('SIGINT', () => server.close());
