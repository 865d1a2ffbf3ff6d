import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import type { LoggedRequest, TaskScheduleOptions } from 'minimax-sdk/mock';
import type { Context } from '../context.js';
import { writeFileAtomic } from '../fsio.js';
import type { CommandResult } from '../output.js';
import { example, intArg, type Register } from './shared.js';

/** How fast the mock's tasks (video, long-text speech, music covers…) finish. */
export const SCHEDULES = {
  /** Done on the first query: scripts and CI do not wait. */
  fast: { pollsPerStage: 0 },
  /** Ten seconds per stage, by the clock (a video: about 40 s), to try progress bars and timeouts. */
  realistic: { msPerStage: 10_000 },
} as const satisfies Record<string, TaskScheduleOptions>;

export type Schedule = keyof typeof SCHEDULES;

export interface MockOptions {
  port?: number;
  host?: string;
  requireKey?: string;
  /** `true`: print each request on stderr; a string: append each as a JSON line to that file. */
  log?: boolean | string;
  tls?: boolean;
  schedule?: Schedule;
}

/** Resolves when the run is interrupted (Ctrl-C or SIGTERM). */
function interrupted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** An entry is logged once answered; one still unanswered after this long is logged as it is. */
const UNANSWERED_MS = 30_000;

/** One stderr line: time, method, path and what it was answered. */
function logLine(entry: LoggedRequest): string {
  const answer = entry.response
    ? ` -> ${entry.response.status || 'dropped'}${entry.response.complete ? '' : ' (incomplete)'}`
    : entry.method === 'WS'
      ? ''
      : ' -> (no answer yet)';
  return `${new Date(entry.time).toISOString().slice(11, 23)} ${entry.method} ${entry.path}${answer}\n`;
}

/** Runs the offline mock until interrupted; an interrupt is the normal way to stop it (exit 0). */
export async function mockAction(ctx: Context, options: MockOptions): Promise<CommandResult> {
  // Loaded on demand: only `mock` and `demo` need the server code.
  const { startMockServer } = await import('minimax-sdk/mock');
  const server = await startMockServer({
    port: options.port ?? 0,
    ...(options.host ? { host: options.host } : {}),
    ...(options.requireKey ? { apiKey: options.requireKey } : {}),
    ...(options.tls ? { tls: true } : {}),
    ...(options.schedule ? { taskSchedule: SCHEDULES[options.schedule] } : {}),
  });
  let caDir: string | undefined;
  let logFile: WriteStream | undefined;
  let logger: ReturnType<typeof setInterval> | undefined;
  try {
    // Node's fetch takes no CA option: a client trusts the certificate through NODE_EXTRA_CA_CERTS,
    // which must point at a file before the process starts.
    let caFile: string | undefined;
    if (server.ca !== undefined) {
      caDir = await mkdtemp(join(tmpdir(), 'minimax-mock-'));
      caFile = join(caDir, 'ca.pem');
      await writeFileAtomic(caFile, server.ca);
    }
    if (typeof options.log === 'string') logFile = createWriteStream(options.log, { flags: 'a' });
    const out = ctx.out;
    const key = options.requireKey ?? 'any';
    const env = `export MINIMAX_BASE_URL=${server.url} MINIMAX_API_KEY=${key}${caFile ? ` NODE_EXTRA_CA_CERTS=${caFile}` : ''}`;
    out.result({
      json: {
        url: server.url,
        port: server.port,
        api_key: options.requireKey ?? null,
        ca_file: caFile ?? null,
        schedule: options.schedule ?? null,
        log_file: typeof options.log === 'string' ? options.log : null,
      },
      human: [
        `MiniMax mock server listening on ${out.paint('bold', server.url)}`,
        ...(caFile
          ? [
              `CA certificate (self-signed, made at start): ${caFile}`,
              "Node's fetch takes no CA option: trust it with NODE_EXTRA_CA_CERTS.",
            ]
          : []),
        ...(options.schedule ? [`Tasks finish on the ${options.schedule} schedule.`] : []),
        ...(typeof options.log === 'string' ? [`Logging each request and its answer to ${options.log}`] : []),
        '',
        'Point the CLI or the SDK at it:',
        `  ${env}`,
        '  minimax text "Hello"',
        '',
        out.paint('dim', 'Press Ctrl-C to stop.'),
      ],
      quiet: [server.url],
    });
    const emitted = new WeakSet<LoggedRequest>();
    const flush = (all: boolean): void => {
      for (const entry of server.requests) {
        if (emitted.has(entry)) continue;
        // Held back until answered (an SSE stream is logged when it ends), but never for ever.
        const waiting = entry.response === undefined && entry.method !== 'WS';
        if (waiting && !all && Date.now() - entry.time < UNANSWERED_MS) continue;
        emitted.add(entry);
        if (logFile) logFile.write(`${JSON.stringify(entry)}\n`);
        else ctx.io.stderr.write(logLine(entry));
      }
    };
    if (logFile || (options.log === true && out.enabled)) logger = setInterval(() => flush(false), 200);
    await interrupted(ctx.signal);
    if (logger) flush(true);
  } finally {
    if (logger) clearInterval(logger);
    await server.close();
    if (logFile) await new Promise<void>((resolve) => logFile?.end(resolve));
    if (caDir) await rm(caDir, { recursive: true, force: true });
  }
  ctx.out.note('Mock server stopped.');
  return { json: null, printed: true };
}

export const registerMock: Register = (program, run) => {
  program
    .command('mock')
    .description('Run the offline MiniMax mock server until interrupted')
    .option('-p, --port <port>', 'port to listen on (default: a free one)', intArg)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--require-key <key>', 'accept only this API key (default: any key)')
    .option('--tls', 'serve https and wss with a self-signed certificate made at start (prints its CA file)')
    .addOption(
      new Option(
        '--schedule <pace>',
        'how fast tasks finish: fast (on the first query) or realistic (10 s per stage); default: one stage per query',
      ).choices(Object.keys(SCHEDULES)),
    )
    .option('--log [file]', 'log each request and its answer: on stderr, or as JSON lines appended to FILE')
    .addHelpText(
      'after',
      example([
        'minimax mock --port 8080',
        'MINIMAX_BASE_URL=http://127.0.0.1:8080 MINIMAX_API_KEY=any minimax speech "Hi" -o hi.mp3',
        'minimax mock --tls --schedule fast --log mock.jsonl',
      ]),
    )
    .action((options: MockOptions, cmd: Command) => run(cmd, (ctx) => mockAction(ctx, options)));
};
