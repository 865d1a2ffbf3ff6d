/**
 * Everything the CLI prints goes through here: results (human, quiet or JSON), notes on stderr,
 * the live progress line and tables. What a command hands back is typed in `io.ts`; how errors
 * read is `errors.ts`.
 */
import type { CliIO, CommandResult, OutStream, WrittenFile } from './io.js';

export type { CliIO, CommandResult, OutStream, WrittenFile } from './io.js';

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
