/**
 * `minimax callback serve`: a local receiver for MiniMax's callback posts, built on the SDK's
 * `nodeCallbackHandler`, that prints each challenge and status event as it arrives.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { type CallbackEvent, nodeCallbackHandler } from 'minimax-sdk';
import { CliError, UsageError } from '../config.js';
import type { Context } from '../context.js';
import type { CommandResult } from '../output.js';
import { example, intArg, type Register } from './shared.js';

export interface CallbackServeOptions {
  port?: number;
  host?: string;
  secret?: string;
  once?: boolean;
}

/** A running receiver: where to point `callback_url`, and how to stop it. */
export interface CallbackReceiver {
  /** The URL to give tasks as `callback_url` (with `?secret=` when one is required). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

function clock(): string {
  return new Date().toISOString().slice(11, 23);
}

/** What a person reads about one event: the task, its status, and what it carries. */
export function describeEvent(event: CallbackEvent): string {
  const parts = [event.api, `task ${event.task_id}`, event.status];
  if (event.api === 'v1') {
    if (event.file_id) parts.push(`file_id=${event.file_id}`);
    if (event.video_url) parts.push(`video_url=${event.video_url}`);
    if (event.status === 'failed' && event.base_resp)
      parts.push(`code=${event.base_resp.status_code} ${event.base_resp.status_msg}`.trim());
  } else {
    if (event.url) parts.push(`url=${event.url}`);
    if (event.error) parts.push(`code=${event.error.code ?? '?'} ${event.error.message ?? ''}`.trim());
  }
  return parts.join('  ');
}

/** The event as `--json` prints it: without the raw body (its fields are already there). */
export function eventJSON(event: CallbackEvent): Record<string, unknown> {
  const { body: _body, ...rest } = event;
  return { type: 'event', time: new Date().toISOString(), ...rest };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      reject(
        new CliError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} is in use: pick another with --port.`
            : `Could not listen on ${host}:${port}: ${error.message}`,
        ),
      );
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** What a receiver's owner hears besides the printing. */
export interface ReceiverHooks {
  /** Each status event, after it was printed. */
  onEvent?: (event: CallbackEvent) => void;
  /** After a task's final status post was answered. */
  onFinal?: () => void;
}

/**
 * Starts a receiver that prints what it gets (human lines, or one JSON object per line with
 * `--json`) and tells `hooks` of each event and of each answered final post.
 */
export async function startCallbackReceiver(
  ctx: Context,
  options: CallbackServeOptions,
  hooks: ReceiverHooks = {},
): Promise<CallbackReceiver> {
  const host = options.host ?? '127.0.0.1';
  const out = ctx.out;
  const emit = (json: Record<string, unknown>, human: string): void => {
    if (out.json) out.line(JSON.stringify(json));
    else if (!out.quiet) out.line(human);
  };
  let finalAnswered = false;
  const handler = nodeCallbackHandler(
    (event) => {
      if (event.final) finalAnswered = true;
      emit(eventJSON(event), `${out.paint('dim', clock())}  ${describeEvent(event)}`);
      if (out.quiet && event.final) out.line(event.task_id);
      hooks.onEvent?.(event);
    },
    {
      ...(options.secret !== undefined && { secret: options.secret }),
      onChallenge: (challenge) =>
        emit(
          { type: 'challenge', time: new Date().toISOString(), challenge },
          `${out.paint('dim', clock())}  challenge answered`,
        ),
      onError: (error) => out.warn(`printing an event failed: ${(error as Error).message}`),
    },
  );
  const server = createServer((req, res) => {
    // Stop only once the final post's answer is on its way, or the platform would post it again.
    res.on('finish', () => {
      if (finalAnswered) {
        finalAnswered = false;
        hooks.onFinal?.();
      }
    });
    handler(req, res);
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  const port = await listen(server, options.port ?? 0, host);
  const shown = host.includes(':') ? `[${host}]` : host;
  const query = options.secret === undefined ? '' : `?secret=${encodeURIComponent(options.secret)}`;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shown}:${port}/${query}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Resolves when the run is interrupted (Ctrl-C or SIGTERM). */
function interrupted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Runs the receiver until interrupted, or (`--once`) until a task's final status was answered. */
export async function callbackServeAction(
  ctx: Context,
  options: CallbackServeOptions,
): Promise<CommandResult> {
  if (options.port !== undefined && (options.port < 0 || options.port > 65535)) {
    throw new UsageError(`--port must be 0-65535, got ${options.port}.`);
  }
  if (options.secret === '') throw new UsageError('--secret must not be empty.');
  let finished!: () => void;
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const receiver = await startCallbackReceiver(ctx, options, {
    onFinal: () => {
      if (options.once) finished();
    },
  });
  const out = ctx.out;
  const host = options.host ?? '127.0.0.1';
  if (out.json) {
    out.line(JSON.stringify({ type: 'listening', url: receiver.url, port: receiver.port }));
  } else if (out.quiet) {
    out.line(receiver.url);
  } else {
    out.line(`Callback receiver listening on ${out.paint('bold', receiver.url)}`);
    out.line('');
    out.line('Create a task with it, e.g. against `minimax mock`:');
    out.line(`  callback_url: '${receiver.url}'`);
    out.line('');
    out.line(
      out.paint('dim', options.once ? 'Stops after the first final status.' : 'Press Ctrl-C to stop.'),
    );
  }
  if (options.secret === undefined && host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    out.warn('no --secret: anyone who can reach this port can post events to it.');
  }
  try {
    await Promise.race([interrupted(ctx.signal), done]);
  } finally {
    await receiver.close();
  }
  out.note('Callback receiver stopped.');
  return { json: null, printed: true };
}

export const registerCallback: Register = (program, run) => {
  const callback = program
    .command('callback')
    .description("Receive MiniMax's task callbacks (callback_url) locally")
    .addHelpText('after', example(['minimax callback serve --port 8080']));

  callback
    .command('serve')
    .description(
      'Run a receiver that answers the challenge and prints each status post; with --json, one JSON object per line',
    )
    .option('-p, --port <port>', 'port to listen on (default: a free one)', intArg)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--secret <value>', 'refuse posts whose URL lacks ?secret=<value> (MiniMax signs nothing)')
    .option('--once', "exit after answering the first task's final status")
    .addHelpText(
      'after',
      example([
        'minimax callback serve --port 8080 --secret "$(openssl rand -hex 16)"',
        'minimax callback serve --port 8080 --once --json   # listening, challenge, event lines',
      ]),
    )
    .action((options: CallbackServeOptions, cmd: Command) =>
      run(cmd, (ctx) => callbackServeAction(ctx, options)),
    );
};
