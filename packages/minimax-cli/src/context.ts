/** What every command action receives: IO, the output printer, the abort signal, and the client. */
import type MiniMax from 'minimax-sdk';
import type { Logger } from 'minimax-sdk';
import { createClient, type GlobalOptions, parseDurationMs, regionOf, resolveConfig } from './config.js';
import { dryRunFetch } from './dry-run.js';
import { type ErrorContext, redact } from './errors.js';
import type { DownloadOptions } from './fsio.js';
import { type CliIO, Output } from './output.js';
import { loadProfile } from './profiles.js';

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
    this.#client ??= createClient(this.#withProfile(), this.io.env, {
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
        this.io.stderr.write(redact(line, resolveConfig(this.#reportOptions(), this.io.env).apiKey));
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

  #merged: GlobalOptions | undefined;

  /**
   * The flags with the profile's values under them (loaded on first use, so `config`, `mock` and
   * `--help` never read the file, and a bad file fails only the commands that need it).
   */
  #withProfile(): GlobalOptions {
    if (this.#merged) return this.#merged;
    const p = loadProfile(this.io.env, this.options.profile);
    const ms = (value: string | undefined) => (value === undefined ? undefined : parseDurationMs(value));
    this.#merged = {
      ...this.options,
      timeout: this.options.timeout ?? ms(p.timeout),
      maxRetries:
        this.options.maxRetries ?? (p['max-retries'] === undefined ? undefined : Number(p['max-retries'])),
      pollInterval: this.options.pollInterval ?? ms(p['poll-interval']),
      pollTimeout: this.options.pollTimeout ?? ms(p['poll-timeout']),
      profileDefaults: { apiKey: p['api-key'], baseUrl: p['base-url'], region: p.region },
    };
    return this.#merged;
  }

  /** The options for error reports: with the profile when it can be read, else the flags alone. */
  #reportOptions(): GlobalOptions {
    try {
      return this.#withProfile();
    } catch {
      return this.options;
    }
  }

  errorContext(): ErrorContext {
    const config = resolveConfig(this.#reportOptions(), this.io.env);
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
