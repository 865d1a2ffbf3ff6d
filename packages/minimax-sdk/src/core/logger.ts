export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Anything with console-like methods; `console` itself fits. */
export interface Logger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  const level = value?.trim().toLowerCase();
  return level && level in RANK ? (level as LogLevel) : undefined;
}

/** A logger that drops what is below `level` and scrubs `secret` from every line it passes on. */
export function levelledLogger(target: Logger, level: LogLevel, secret: string): Logger {
  const scrub = (value: unknown): unknown =>
    typeof value === 'string' && secret && value.includes(secret) ? value.split(secret).join('***') : value;
  const at =
    (name: Exclude<LogLevel, 'off'>) =>
    (message: string, ...rest: unknown[]): void => {
      if (RANK[level] < RANK[name]) return;
      target[name](scrub(message) as string, ...rest.map(scrub));
    };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

export function logsAt(level: LogLevel, wanted: Exclude<LogLevel, 'off'>): boolean {
  return RANK[level] >= RANK[wanted];
}
