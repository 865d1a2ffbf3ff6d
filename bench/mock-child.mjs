/**
 * The bundled mock (`minimax-sdk/mock`) in its own process, for the cases that need the real
 * protocol (the bidirectional speech socket, sentence grouping) rather than bench/server.mjs's
 * precomputed payloads. Forked like that server, so its CPU never counts against the client.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { API_KEY } from './raw.mjs';

/** Starts the mock in a child process; resolves with its URL and a `close()`. */
export async function startMockChild() {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [message] = await once(child, 'message');
  if (message.error) throw new Error(`the mock did not start: ${message.error}`);
  return {
    url: message.url,
    close: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

if (process.argv.includes('--serve') && process.send) {
  try {
    const { startMockServer } = await import('minimax-sdk/mock');
    const mock = await startMockServer({ apiKey: API_KEY, requestLogLimit: 100 });
    process.send({ url: mock.url });
    const stop = () => mock.close().finally(() => process.exit(0));
    process.on('disconnect', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    process.send({ error: String(error) });
    process.exit(1);
  }
}
