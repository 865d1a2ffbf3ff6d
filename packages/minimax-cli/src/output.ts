/**
 * Everything the CLI prints goes through here: results (human, quiet or JSON), notes on stderr,
 * the live progress line, tables, and the one error printer.
 */
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthError,
  MiniMaxError,
  PollTimeoutError,
  TaskFailedError,
} from 'minimax-sdk';
import { CliError, type Region } from './config.js';

/** The slice of a Node writable the CLI needs; tests pass a collecting stream. */
export interface OutStream {
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean;
  once(event: 'drain', listener: () => void): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  /** Read when a command is given `-` as its input. */
  stdin?: NodeJS.ReadableStream | undefined;
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM; every request listens to it. */
  signal?: AbortSignal | undefined;
}

/** A file a command wrote, for the human summary and the demo table. */
export interface WrittenFile {
  path: string;
  bytes: number;
  /** Media duration in milliseconds, where known. */
  duration_ms?: number | undefined;
}

/** What an action hands back: the JSON document, and what people see. */
export interface CommandResult {
  json: unknown;
  /** Lines for stdout in human mode. */
  human?: string[];
  /** Lines for stdout with `--quiet` (default: none). */
  quiet?: string[];
  files?: WrittenFile[];
  /** Stdout already carried the payload (audio for `-o -`): the human summary goes to stderr. */
  stdoutTaken?: boolean;
  /** The action printed its own result already (`mock` prints before it starts waiting). */
  printed?: boolean;
  /** Exit code when the command finished but not fully well (the demo with a failed step). */
  exitCode?: number;
}

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';
const ANSI: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
};

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorEnabled(stream: OutStream, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export type Painter = (style: Style, text: string) => string;

export function painter(enabled: boolean): Painter {
  return (style, text) => (enabled ? `\x1b[${ANSI[style][0]}m${text}\x1b[${ANSI[style][1]}m` : text);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}

const ANSI_PATTERN = /\x1b\[[0-9;]*m/g;
/** Characters a terminal draws two cells wide: CJK, Hangul, full-width forms, most emoji. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;

/** Terminal cells a string takes, ignoring colour codes. */
export function visibleLength(text: string): number {
  let cells = 0;
  for (const char of text.replace(ANSI_PATTERN, '')) cells += WIDE.test(char) ? 2 : 1;
  return cells;
}

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/** A plain-text table: a header, a rule, and padded rows; wide enough for its widest cell. */
export function formatTable(columns: Column[], rows: string[][], paint: Painter = painter(false)): string {
  const widths = columns.map((column, i) =>
    Math.max(visibleLength(column.header), ...rows.map((row) => visibleLength(row[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(cell)));
        return columns[i]?.align === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const header = paint('bold', line(columns.map((c) => c.header)));
  const rule = paint('dim', widths.map((w) => '─'.repeat(w)).join('  '));
  return [header, rule, ...rows.map(line)].join('\n');
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A status line for long waits. On a terminal it redraws itself in place (spinner, status,
 * elapsed time); elsewhere (a log, a pipe) it prints one plain line per status change.
 */
export class Progress {
  readonly #out: Output;
  readonly #live: boolean;
  readonly #started = Date.now();
  #label: string;
  #status = 'starting';
  #frame = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastPrinted: string | undefined;

  constructor(out: Output, label: string) {
    this.#out = out;
    this.#label = label;
    this.#live = out.interactive && out.enabled;
    if (this.#live) {
      // The timer keeps the elapsed time moving between polls; unref'd so it never holds the process.
      this.#timer = setInterval(() => this.#draw(), 100);
      this.#timer.unref?.();
      this.#draw();
    }
  }

  /** Reports a new status (`Queueing`, `Processing`…); `label` may replace the line's label. */
  update(status: string, label?: string): void {
    if (status) this.#status = status;
    if (label) this.#label = label;
    if (!this.#out.enabled) return;
    if (this.#live) {
      this.#draw();
      return;
    }
    const text = `${this.#label}: ${this.#status}`;
    if (text === this.#lastPrinted) return;
    this.#lastPrinted = text;
    this.#out.note(`${text} (${formatDuration(this.elapsedMs)})`);
  }

  #draw(): void {
    const spinner = SPINNER[this.#frame++ % SPINNER.length];
    const paint = this.#out.errPaint;
    const text = `${spinner} ${this.#label} ${paint('cyan', this.#status)} ${paint('dim', formatDuration(this.elapsedMs))}`;
    this.#out.stderrRaw(`\r\x1b[2K${text}`);
  }

  /** Removes the live line (plain output has nothing to remove); call before printing anything else. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#live && this.#timer) this.#out.stderrRaw('\r\x1b[2K');
    this.#timer = undefined;
  }

  get elapsedMs(): number {
    return Date.now() - this.#started;
  }
}

export interface OutputMode {
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  debug?: boolean | undefined;
}

export class Output {
  readonly io: CliIO;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly debug: boolean;
  readonly paint: Painter;
  readonly errPaint: Painter;

  constructor(io: CliIO, mode: OutputMode = {}) {
    this.io = io;
    this.json = Boolean(mode.json);
    this.quiet = Boolean(mode.quiet);
    this.debug = Boolean(mode.debug);
    this.paint = painter(colorEnabled(io.stdout, io.env));
    this.errPaint = painter(colorEnabled(io.stderr, io.env));
  }

  /** Whether notes and progress are shown at all (not with --json or --quiet). */
  get enabled(): boolean {
    return !this.json && !this.quiet;
  }

  /** Whether stderr is a terminal, so the progress line can redraw in place. */
  get interactive(): boolean {
    return Boolean(this.io.stderr.isTTY) && this.io.env.TERM !== 'dumb';
  }

  /** Writes to stdout, waiting when the reader is slower than us (audio piped into a player). */
  async writeStdout(chunk: string | Uint8Array): Promise<void> {
    if (!this.io.stdout.write(chunk)) {
      await new Promise<void>((resolve) => this.io.stdout.once('drain', resolve));
    }
  }

  line(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  stderrRaw(text: string): void {
    this.io.stderr.write(text);
  }

  /** A side remark on stderr (what was saved, what is happening); hidden by --quiet and --json. */
  note(text: string): void {
    if (this.enabled) this.io.stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    if (!this.json) this.io.stderr.write(`${this.errPaint('yellow', 'warning:')} ${text}\n`);
  }

  progress(label: string): Progress {
    return new Progress(this, label);
  }

  /** Runs `work` under a progress line that is removed however the work ends. */
  async during<T>(label: string, work: (progress: Progress) => Promise<T>): Promise<T> {
    const progress = this.progress(label);
    try {
      return await work(progress);
    } finally {
      progress.stop();
    }
  }

  /** Prints a command's result: the JSON document, or the human (or quiet) lines. */
  result(result: CommandResult): void {
    if (this.json) {
      this.io.stdout.write(`${JSON.stringify(result.json, null, 2)}\n`);
      return;
    }
    const lines = this.quiet ? (result.quiet ?? []) : (result.human ?? []);
    if (result.stdoutTaken) {
      if (!this.quiet) for (const text of lines) this.io.stderr.write(`${text}\n`);
      return;
    }
    for (const text of lines) this.line(text);
  }

  /** A `saved <path> (size, duration)` line. */
  savedLine(file: WrittenFile, what = 'Saved'): string {
    const details = [formatBytes(file.bytes)];
    if (file.duration_ms) details.push(formatDuration(file.duration_ms));
    if (file.path === '-') return `Wrote ${details.join(', ')} to stdout`;
    return `${what} ${this.paint('bold', file.path)} ${this.paint('dim', `(${details.join(', ')})`)}`;
  }
}

export interface ErrorContext {
  debug: boolean;
  /** The base URL the failing call used, for the region hint on auth errors. */
  baseURL?: string | undefined;
  region?: Region | undefined;
}

/** The one-line message (and optional hint) for any error the CLI can hit. */
export function describeError(error: unknown, context: ErrorContext): { message: string; hint?: string } {
  if (error instanceof CliError) return { message: error.message, hint: error.hint };
  if (error instanceof APIUserAbortError) return { message: 'Cancelled.' };
  if (error instanceof MiniMaxError) {
    const code = error.code !== 0 && error.code !== error.status ? ` [code ${error.code}]` : '';
    // MiniMax answers most API errors with HTTP 200; the status only says something when it failed.
    const status = error.status !== undefined && error.status >= 400 ? ` (HTTP ${error.status})` : '';
    const trace = error.trace_id ? ` trace_id=${error.trace_id}` : '';
    const message = `${error.name}${code}${status}: ${oneLine(error.message)}${trace}`;
    return { message, hint: hintFor(error, context) };
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { message: `${oneLine(error.message)}${typeof code === 'string' ? ` (${code})` : ''}` };
  }
  return { message: oneLine(String(error)) };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function hintFor(error: MiniMaxError, context: ErrorContext): string | undefined {
  if (error instanceof AuthError) {
    if (error.code === 0 && error.status === undefined) return undefined;
    // Keys are issued per platform: a global key is rejected by the China host and vice versa.
    if (context.region === 'global')
      return 'The key was rejected by api.minimax.io (global). If it is a mainland-China key (platform.minimaxi.com), add --region cn (or --region auto).';
    if (context.region === 'cn')
      return 'The key was rejected by api.minimax.cn (China). If it is a global key (platform.minimax.io), add --region global (or --region auto).';
    return 'Check the key and that it belongs to the platform behind --base-url (global keys work on api.minimax.io, China keys on api.minimax.cn).';
  }
  if (error instanceof APIConnectionError) {
    return context.baseURL
      ? `Could not reach ${context.baseURL}; check the network or --base-url.`
      : undefined;
  }
  if (error instanceof PollTimeoutError)
    return 'The task may still finish: wait longer with --poll-timeout (e.g. 30m).';
  if (error instanceof APITimeoutError && error.code === 0)
    return 'Raise the limit with --timeout <seconds>.';
  if (error.code === 2054 || error.code === 2042)
    return 'See the voices you can use with `minimax voices list`.';
  return undefined;
}

/** The error printer: exactly one line on stderr (its hint included), a stack only with --debug. */
export function printError(io: CliIO, error: unknown, context: ErrorContext): void {
  const paint = painter(colorEnabled(io.stderr, io.env));
  const { message, hint } = describeError(error, context);
  io.stderr.write(`${paint('red', 'error:')} ${message}${hint ? paint('dim', ` — ${hint}`) : ''}\n`);
  if (context.debug && error instanceof Error && error.stack) {
    io.stderr.write(`${paint('dim', error.stack)}\n`);
    if (error.cause) io.stderr.write(`${paint('dim', `cause: ${String(error.cause)}`)}\n`);
  }
}

/** The `--json` form of an error. */
export function errorJSON(error: unknown, context: ErrorContext): Record<string, unknown> {
  const { message, hint } = describeError(error, context);
  const base: Record<string, unknown> = {
    type: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    summary: message,
  };
  if (error instanceof MiniMaxError) {
    base.code = error.code;
    if (error.status !== undefined) base.status = error.status;
    if (error.trace_id) base.trace_id = error.trace_id;
  }
  if (error instanceof TaskFailedError) base.task_id = error.task_id;
  if (hint) base.hint = hint;
  return { error: base };
}
