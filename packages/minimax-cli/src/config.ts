/**
 * Everything that turns flags and environment into a configured client: the one client factory,
 * duration parsing, and the error type the CLI raises for its own (non-API) failures.
 */
import MiniMax, {
  BASE_URLS,
  type Logger,
  type LogLevel,
  type Region,
  type RegionOption,
  regionOfURL,
} from 'minimax-sdk';

export type { Region };

/** The flags every command accepts (see program.ts). */
export interface GlobalOptions {
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
  region?: RegionOption | undefined;
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  /** Already converted to milliseconds by the option parser. */
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  /** Milliseconds between task polls (video, long-text speech). */
  pollInterval?: number | undefined;
  /** Milliseconds to wait for a task in all. */
  pollTimeout?: number | undefined;
  debug?: boolean | undefined;
  /** Log every request (method, path, status, time) to stderr, without --debug's stacks. */
  verbose?: boolean | undefined;
  /** Print the first request instead of sending it. */
  dryRun?: boolean | undefined;
  /** The config-file profile to take defaults from (`--profile`). */
  profile?: string | undefined;
  /** That profile's values for the key and host: below the flags and the environment. */
  profileDefaults?: {
    apiKey?: string | undefined;
    baseUrl?: string | undefined;
    region?: string | undefined;
  };
}

/** A failure of the CLI itself (bad input, missing key); printed as one line, no stack. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  constructor(message: string, options: { exitCode?: number; hint?: string } = {}) {
    super(message);
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? 1;
    this.hint = options.hint;
  }
}

/**
 * A command line that cannot work as typed (flags that do not go together, a missing or empty
 * argument, a value out of range): exit status 2, as `--help` says, like commander's own errors.
 */
export class UsageError extends CliError {
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, { ...options, exitCode: 2 });
    this.name = 'UsageError';
  }
}

export const MISSING_KEY_HINT =
  'set it with `export MINIMAX_API_KEY=<your key>` or pass `--api-key <key>` ' +
  '(keys: https://platform.minimax.io, or https://platform.minimaxi.com for mainland China). ' +
  'To try the CLI offline, run `minimax demo` or `minimax mock`.';

export interface ResolvedConfig {
  apiKey: string | undefined;
  baseURL: string;
  /** The region the base URL belongs to, when it is one of the official hosts. */
  region: Region | undefined;
  /** `auto` when the key's region is to be found on first use. */
  regionOption: RegionOption | undefined;
}

function trimSlash(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** The region whose official host `baseURL` is, if any. */
export function regionOf(baseURL: string): Region | undefined {
  return regionOfURL(trimSlash(baseURL));
}

/**
 * Precedence, most specific first: `--base-url`, `--region`, `MINIMAX_BASE_URL`, `MINIMAX_REGION`,
 * the profile's base-url or region, the global host (and the key: flag, environment, profile). An explicit `--region` beats the environment because the user just typed it.
 */
export function resolveConfig(
  options: GlobalOptions,
  env: Record<string, string | undefined>,
): ResolvedConfig {
  const fromProfile = options.profileDefaults ?? {};
  const apiKey = options.apiKey || env.MINIMAX_API_KEY || fromProfile.apiKey || undefined;
  const envRegion = env.MINIMAX_REGION?.trim().toLowerCase() as RegionOption | undefined;
  const profileRegion = fromProfile.baseUrl ? undefined : (fromProfile.region as RegionOption | undefined);
  const regionOption = options.baseUrl
    ? undefined
    : options.region || (env.MINIMAX_BASE_URL ? undefined : envRegion || profileRegion || undefined);
  const baseURL =
    options.baseUrl ||
    (regionOption ? BASE_URLS[regionOption === 'cn' ? 'cn' : 'global'] : undefined) ||
    env.MINIMAX_BASE_URL ||
    fromProfile.baseUrl ||
    BASE_URLS.global;
  return { apiKey, baseURL: trimSlash(baseURL), region: regionOf(baseURL), regionOption };
}

export interface ClientExtras {
  logger: Logger;
  /** Replaces the network (`--dry-run`). */
  fetch?: typeof fetch | undefined;
}

/** The one place a `MiniMax` client is made from CLI flags and environment. */
export function createClient(
  options: GlobalOptions,
  env: Record<string, string | undefined>,
  extras: ClientExtras,
): MiniMax {
  const config = resolveConfig(options, env);
  if (!config.apiKey) throw new CliError('No MiniMax API key.', { hint: MISSING_KEY_HINT });
  const logLevel: LogLevel | undefined = options.debug || options.verbose ? 'debug' : undefined;
  return new MiniMax({
    apiKey: config.apiKey,
    ...(config.regionOption === 'auto' ? { region: 'auto' as const } : { baseURL: config.baseURL }),
    timeout: options.timeout,
    // A dry run's stop must not be retried as a connection failure.
    maxRetries: extras.fetch ? 0 : options.maxRetries,
    ...(extras.fetch ? { fetch: extras.fetch } : {}),
    pollInterval: options.pollInterval,
    pollTimeout: options.pollTimeout,
    logger: extras.logger,
    // The SDK would read MINIMAX_LOG from process.env; in-process runs carry their own env.
    logLevel: logLevel ?? parseLevel(env.MINIMAX_LOG) ?? 'warn',
  });
}

function parseLevel(value: string | undefined): LogLevel | undefined {
  const level = value?.trim().toLowerCase();
  return level === 'off' || level === 'error' || level === 'warn' || level === 'info' || level === 'debug'
    ? level
    : undefined;
}

/**
 * `--timeout` takes seconds, because that is what people type at a terminal; a unit suffix
 * (`500ms`, `30s`, `2m`) is accepted too. Returns milliseconds, the SDK's unit.
 */
export function parseDurationMs(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
  if (!match)
    throw new CliError(`Invalid duration ${JSON.stringify(value)}: use seconds, or 500ms, 30s, 2m.`);
  const amount = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
  return Math.round(amount * factor);
}
