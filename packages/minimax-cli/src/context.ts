/** What every command action receives: IO, the output printer, the abort signal, and the client. */
import type MiniMax from 'minimax-sdk';
import type { Logger } from 'minimax-sdk';
import { createClient, type GlobalOptions, regionOf, resolveConfig } from './config.js';
import { dryRunFetch } from './dry-run.js';
import { type ErrorContext, redact } from './errors.js';
import type { DownloadOptions } from './fsio.js';
import { type CliIO, Output } from './output.js';

export class Context {
  readonly io: CliIO;
  readonly options: GlobalOptions;
  readonly out: Output;
  readonly signal: AbortSignal;
  #client: MiniMax | undefined;

  constructor(io: CliIO, options: GlobalOptions, extras: { client?: MiniMax; out?: Output } = {}) {
    this.io = io;
    this.options = options;
    this.out = extras.out ?? new Output(io, options);
    this.signal = io.signal ?? new AbortController().signal;
    this.#client = extras.client;
  }

  /** The client, made on first use so that `mock`, `demo` and `--help` never need a key. */
  client(): MiniMax {
    this.#client ??= createClient(this.options, this.io.env, {
      logger: this.logger(),
      fetch: this.options.dryRun ? dryRunFetch() : undefined,
    });
    return this.#client;
  }

  /** SDK logs go to stderr, never stdout, so `--json` and `-o -` stay clean. */
  logger(): Logger {
    const write =
      (level: string) =>
      (message: string, ...rest: unknown[]) => {
        const extra = rest.map((r) => (typeof r === 'string' ? r : safeJSON(r))).join(' ');
        const line = `[minimax-sdk ${level}] ${message}${extra ? ` ${extra}` : ''}\n`;
        this.io.stderr.write(redact(line, resolveConfig(this.options, this.io.env).apiKey));
      };
    return { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug') };
  }

  /** Per-call options every SDK call gets: the Ctrl-C signal. */
  get call(): { signal: AbortSignal } {
    return { signal: this.signal };
  }

  /** Options for the long-running calls: the signal and a progress callback (the client holds the poll pace). */
  task(onProgress: (progress: { task_id: string; status: string; elapsed_ms: number }) => void): {
    signal: AbortSignal;
    onProgress: typeof onProgress;
  } {
    return { signal: this.signal, onProgress };
  }

  /** Options for downloads of the URLs the API hands out: the signal, and --timeout as the idle limit. */
  get download(): DownloadOptions {
    return { signal: this.signal, timeout: this.options.timeout };
  }

  errorContext(): ErrorContext {
    const config = resolveConfig(this.options, this.io.env);
    const { baseURL, region } = this.#client
      ? { baseURL: this.#client.baseURL, region: regionOf(this.#client.baseURL) }
      : config;
    return { debug: Boolean(this.options.debug), baseURL, region, secret: config.apiKey };
  }
}

function safeJSON(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
