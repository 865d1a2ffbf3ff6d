import type { APIPromise } from './core/api-promise.js';
import { AuthError, InvalidParameterError, MiniMaxError } from './core/errors.js';
import { type Logger, type LogLevel, parseLogLevel } from './core/logger.js';
import { checkClientOptions, checkOptionNumber } from './core/options.js';
import { copiesBodies } from './core/redirect-mode.js';
import { BASE_URLS, REGION_OPTIONS, type Region, type RegionOption, regionOfURL } from './core/region.js';
import { Inspectable } from './core/symbols.js';
import { checkHeaders, type RequestOptions, readBytes, Transport } from './core/transport.js';
import { Files } from './resources/files.js';
import { VERSION } from './version.js';

export { BASE_URLS } from './core/region.js';

export interface ClientOptions {
  /** Defaults to `process.env.MINIMAX_API_KEY`; a missing key throws `AuthError` (code 0). */
  apiKey?: string | undefined;
  /**
   * Where requests go. Always wins over `region`. Defaults to the region's host, else
   * `MINIMAX_BASE_URL`, else the `MINIMAX_REGION` host, else `https://api.minimax.io`. A path in
   * it is kept.
   */
  baseURL?: string | undefined;
  /**
   * The platform of the key: `global` (`https://api.minimax.io`), `cn` (`https://api.minimax.cn`),
   * or `auto`, which asks both hosts once, on first use, which one accepts the key (the key is
   * never sent to any other host). Default `MINIMAX_REGION`, else global.
   */
  region?: RegionOption | undefined;
  /** Milliseconds per attempt (default 600 000): the whole exchange, body included. */
  timeout?: number | undefined;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number | undefined;
  /** Milliseconds between task polls (default 5 000). */
  pollInterval?: number | undefined;
  /** Milliseconds to wait for a task in all (default 600 000). */
  pollTimeout?: number | undefined;
  /** A `fetch` to use instead of the global one (proxies, tests). */
  fetch?: typeof fetch | undefined;
  /** Headers sent with every request; `null` removes a default. */
  defaultHeaders?: Record<string, string | null | undefined> | undefined;
  /** Where log lines go (default `console`). */
  logger?: Logger | undefined;
  /** `off` | `error` | `warn` | `info` | `debug` (default `MINIMAX_LOG`, else `warn`). */
  logLevel?: LogLevel | undefined;
  /**
   * Allows use in a browser page. Anyone who can open the page can read the key, so only do this
   * with a key meant to be public or behind your own proxy.
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}

function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.[name];
}

function checkRegion(value: unknown, name: string): RegionOption | undefined {
  if (value === undefined) return undefined;
  if (!(REGION_OPTIONS as readonly unknown[]).includes(value)) {
    throw new InvalidParameterError(
      `${name} must be one of ${REGION_OPTIONS.join(', ')}, got ${JSON.stringify(value)}.`,
    );
  }
  return value as RegionOption;
}

/** MINIMAX_REGION, ignored when empty; a bad value is refused like a bad option. */
function envRegion(): RegionOption | undefined {
  const value = readEnv('MINIMAX_REGION')?.trim().toLowerCase();
  return value ? checkRegion(value, 'MINIMAX_REGION') : undefined;
}

/**
 * Where requests go, by precedence: the `baseURL` option, the `region` option, `MINIMAX_BASE_URL`,
 * `MINIMAX_REGION`, the global host. A base URL names its region when it is an official host.
 */
function chooseHost(options: ClientOptions): { baseURL: string; region: RegionOption | 'custom' } {
  const fromURL = (baseURL: string): { baseURL: string; region: RegionOption | 'custom' } => ({
    baseURL,
    region: regionOfURL(baseURL.trim()) ?? 'custom',
  });
  if (options.baseURL !== undefined) return fromURL(options.baseURL);
  const region = checkRegion(options.region, 'region');
  const envBase = readEnv('MINIMAX_BASE_URL');
  if (region === undefined && envBase) return fromURL(envBase);
  const chosen = region ?? envRegion() ?? 'global';
  return { baseURL: BASE_URLS[chosen === 'cn' ? 'cn' : 'global'], region: chosen };
}

function isBrowser(): boolean {
  const g = globalThis as { window?: unknown; document?: unknown };
  return typeof g.window !== 'undefined' && typeof g.document !== 'undefined';
}

function normaliseBaseURL(value: string): string {
  const trimmed = value.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InvalidParameterError(`baseURL is not a valid URL: ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidParameterError(
      `baseURL must start with http:// or https://, got ${JSON.stringify(value)}.`,
    );
  }
  return trimmed;
}

/**
 * What every MiniMax client is, with no resource but `files` (which voice cloning and the video
 * uploads go through): the options, the transport, downloads, task-poll defaults, and a key that
 * is never shown. `MiniMax` adds every resource; `createClient` adds only the ones an app names,
 * so a bundler can leave the rest out.
 *
 * @example
 * import { createClient, Text } from 'minimax-sdk';
 * const client = createClient({ resources: { text: Text } }); // a MiniMaxBase with client.text
 */
export class MiniMaxBase extends Inspectable {
  /** The configured base URL (with `region: 'auto'`, the global host until the region is known). */
  readonly baseURL: string;
  /** `global`, `cn`, `auto`, or `custom` for any other base URL (a proxy, the mock). */
  readonly region: RegionOption | 'custom';
  readonly timeout: number;
  readonly maxRetries: number;
  readonly pollInterval: number;
  readonly pollTimeout: number;
  readonly logLevel: LogLevel;

  readonly files: Files;

  readonly #options: ClientOptions;
  readonly #transport: Transport;

  constructor(options: ClientOptions = {}) {
    super();
    if (isBrowser() && !options.dangerouslyAllowBrowser) {
      throw new MiniMaxError(
        'Running in a browser would expose your MiniMax API key to every visitor. Call MiniMax from a server, ' +
          'or pass dangerouslyAllowBrowser: true if you understand the risk.',
      );
    }
    const apiKey = options.apiKey ?? readEnv('MINIMAX_API_KEY');
    if (!apiKey) {
      throw new AuthError(
        'MiniMax API key is missing: pass { apiKey } or set the MINIMAX_API_KEY environment variable.',
      );
    }
    if (typeof apiKey !== 'string') {
      throw new InvalidParameterError(`apiKey must be a string, got ${typeof apiKey}.`);
    }
    // Checked here, not only per request: the key also opens speech sockets, and the mistake (a
    // trailing newline from a file) is the caller's to fix once.
    checkHeaders({ authorization: apiKey });
    checkClientOptions(options);
    this.#options = { ...options, apiKey };
    const { baseURL, region } = chooseHost(options);
    this.baseURL = normaliseBaseURL(baseURL);
    this.region = region;
    this.timeout = checkOptionNumber('timeout', options.timeout, 600_000);
    this.maxRetries = Math.floor(checkOptionNumber('maxRetries', options.maxRetries, 2));
    this.pollInterval = checkOptionNumber('pollInterval', options.pollInterval, 5_000);
    this.pollTimeout = checkOptionNumber('pollTimeout', options.pollTimeout, 600_000);
    // An unknown level would silently log nothing at debug and everything else, so it is refused.
    const logLevel = options.logLevel === undefined ? undefined : parseLogLevel(options.logLevel);
    if (options.logLevel !== undefined && logLevel === undefined) {
      throw new InvalidParameterError(
        `logLevel must be off, error, warn, info or debug, got ${JSON.stringify(options.logLevel)}.`,
      );
    }
    this.logLevel = logLevel ?? parseLogLevel(readEnv('MINIMAX_LOG')) ?? 'warn';
    if (typeof (options.fetch ?? globalThis.fetch) !== 'function') {
      throw new MiniMaxError('No fetch implementation found: pass { fetch } to the MiniMax client.');
    }
    this.#transport = new Transport({
      apiKey,
      baseURL: this.baseURL,
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      // The global is looked up per call, so instrumentation that patches fetch later still applies.
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      defaultHeaders: options.defaultHeaders ?? {},
      logger: options.logger ?? console,
      logLevel: this.logLevel,
      userAgent: `minimax-sdk-typescript/${VERSION}`,
      detectRegion: this.region === 'auto',
      nodeFetch: options.fetch === undefined && copiesBodies() ? globalThis.fetch : undefined,
    });
    this.files = new Files(this);
  }

  /** @internal The options this client was made with (its key included), `overrides` on top. */
  protected _optionsWith(overrides: ClientOptions): ClientOptions {
    return { ...this.#options, ...overrides };
  }

  /**
   * The region requests go to: with `region: 'auto'` found on first use (or now) and kept;
   * `undefined` for a custom base URL.
   *
   * @example
   * const client = new MiniMax({ region: 'auto' });
   * console.log(await client.resolveRegion()); // 'cn' for a key of the China platform
   */
  async resolveRegion(): Promise<Region | undefined> {
    return regionOfURL(await this.#transport.resolveBaseURL());
  }

  /** @internal The transport shared by this client's resources. */
  get _transport(): Transport {
    return this.#transport;
  }

  /** @internal Downloads a URL the API handed out, without the API key. */
  _download(url: string, options: RequestOptions = {}): APIPromise<Uint8Array> {
    return this.#transport.request({ method: 'GET', path: url }, options, readBytes);
  }

  /** Nothing to release (fetch pools its own sockets); kept so `using` and old code work. */
  async close(): Promise<void> {}

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** What `JSON.stringify(client)` shows: the settings, never the key. */
  toJSON(): Record<string, unknown> {
    return {
      baseURL: this.baseURL,
      region: this.region,
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      pollInterval: this.pollInterval,
      pollTimeout: this.pollTimeout,
      logLevel: this.logLevel,
    };
  }

  /** @internal What Node shows for `console.log(client)`. */
  _inspect(): string {
    const fields = Object.entries(this.toJSON())
      .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
      .join(', ');
    return `MiniMax { ${fields} }`;
  }
}
