import type { Command } from 'commander';
import type { Context } from '../context.js';
import type { CommandResult } from '../output.js';
import { example, intArg, type Register } from './shared.js';

export interface MockOptions {
  port?: number;
  host?: string;
  requireKey?: string;
  log?: boolean;
}

/** Resolves when the run is interrupted (Ctrl-C or SIGTERM). */
function interrupted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Runs the offline mock until interrupted; an interrupt is the normal way to stop it (exit 0). */
export async function mockAction(ctx: Context, options: MockOptions): Promise<CommandResult> {
  // Loaded on demand: only `mock` and `demo` need the server code.
  const { startMockServer } = await import('minimax-sdk/mock');
  const server = await startMockServer({
    port: options.port ?? 0,
    ...(options.host ? { host: options.host } : {}),
    ...(options.requireKey ? { apiKey: options.requireKey } : {}),
  });
  const out = ctx.out;
  const key = options.requireKey ?? 'any';
  out.result({
    json: { url: server.url, port: server.port, api_key: options.requireKey ?? null },
    human: [
      `MiniMax mock server listening on ${out.paint('bold', server.url)}`,
      '',
      'Point the CLI or the SDK at it:',
      `  export MINIMAX_BASE_URL=${server.url} MINIMAX_API_KEY=${key}`,
      '  minimax text "Hello"',
      '',
      out.paint('dim', 'Press Ctrl-C to stop.'),
    ],
    quiet: [server.url],
  });
  let last: (typeof server.requests)[number] | undefined;
  const logger =
    options.log && out.enabled
      ? setInterval(() => {
          // The log is a bounded window that drops its oldest entries, so find where we left off.
          const from = last === undefined ? 0 : server.requests.indexOf(last) + 1;
          for (const entry of server.requests.slice(from)) {
            ctx.io.stderr.write(
              `${new Date(entry.time).toISOString().slice(11, 23)} ${entry.method} ${entry.path}\n`,
            );
          }
          last = server.requests.at(-1) ?? last;
        }, 200)
      : undefined;
  try {
    await interrupted(ctx.signal);
  } finally {
    if (logger) clearInterval(logger);
    await server.close();
  }
  out.note('Mock server stopped.');
  return { json: null, printed: true };
}

export const registerMock: Register = (program, run) => {
  program
    .command('mock')
    .description('Run the offline MiniMax mock server until interrupted')
    .option('-p, --port <port>', 'port to listen on (default: a free one)', intArg)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--require-key <key>', 'accept only this API key (default: any key)')
    .option('--log', 'print each request it receives (on stderr)')
    .addHelpText(
      'after',
      example([
        'minimax mock --port 8080',
        'MINIMAX_BASE_URL=http://127.0.0.1:8080 MINIMAX_API_KEY=any minimax speech "Hi" -o hi.mp3',
      ]),
    )
    .action((options: MockOptions, cmd: Command) => run(cmd, (ctx) => mockAction(ctx, options)));
};
