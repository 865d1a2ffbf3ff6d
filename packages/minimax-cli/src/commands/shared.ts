/** Small pieces every command file uses: the registration signature, argument parsers, help text. */
import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from '../config.js';
import type { Context } from '../context.js';
import { fileDurationMs, unwritableReason, writeFileAtomic } from '../fsio.js';
import type { CommandResult, WrittenFile } from '../output.js';

/** Runs an action with a context built from the command's (and the program's) options. */
export type Runner = (command: Command, action: (ctx: Context) => Promise<CommandResult>) => Promise<void>;

/** Each command file exports one of these; program.ts calls them in order. */
export type Register = (program: Command, run: Runner) => void;

export function intArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('Not a whole number.');
  return n;
}

export function positiveIntArg(value: string): number {
  const n = intArg(value);
  if (n <= 0) throw new InvalidArgumentError('Must be greater than 0.');
  return n;
}

export function numberArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('Not a number.');
  return n;
}

/** An "Examples:" block for `--help`. */
export function example(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

/** Audio formats the speech API writes; the `-o` extension picks one when --format is absent. */
export const AUDIO_FORMATS = ['mp3', 'wav', 'flac', 'pcm', 'opus', 'pcmu_raw', 'pcmu_wav'] as const;

/** Extensions that name a format other than themselves (µ-law in WAV needs `-f pcmu_wav`). */
const FORMAT_OF_EXTENSION: Readonly<Record<string, string>> = {
  ogg: 'opus',
  ulaw: 'pcmu_raw',
  mulaw: 'pcmu_raw',
  pcmu: 'pcmu_raw',
};

export function formatFromPath(path: string | undefined): string | undefined {
  if (!path || path === '-') return undefined;
  const ext = path.toLowerCase().split('.').pop() ?? '';
  if (Object.hasOwn(FORMAT_OF_EXTENSION, ext)) return FORMAT_OF_EXTENSION[ext];
  return ['mp3', 'wav', 'flac', 'pcm', 'opus'].includes(ext) ? ext : undefined;
}

/** `-o -` writes the payload to stdout, which leaves no room for the `--json` document. */
export function checkStdoutTarget(ctx: Context, output: string | undefined): void {
  if (output === '-' && ctx.out.json) {
    throw new CliError('--json cannot be combined with -o - (stdout carries the output).');
  }
}

/**
 * Everything about an output that can be checked before a paid request: `-o -` with `--json`,
 * and the path being writable. A result that cannot be saved is paid work lost.
 */
export async function checkOutput(
  ctx: Context,
  output: string | undefined,
  options: { folder?: boolean; flag?: string } = {},
): Promise<void> {
  if (output === undefined) return;
  checkStdoutTarget(ctx, output);
  if (output === '-') return;
  const reason = await unwritableReason(output, options.folder ? 'folder' : 'file');
  if (reason)
    throw new CliError(`Cannot write ${options.flag ?? '-o'} ${output}: ${reason}.`, {
      hint: 'Checked before any request, so nothing was generated or billed; choose another path.',
    });
}

/**
 * The result of a command that wrote one file, or stdout for `-` (then the summary goes to
 * stderr and `--quiet` prints nothing). `detail` is a dim note after the summary.
 */
export function fileResult(ctx: Context, file: WrittenFile, json: unknown, detail = ''): CommandResult {
  const toStdout = file.path === '-';
  return {
    json,
    human: [`${ctx.out.savedLine(file)}${detail ? ` ${ctx.out.paint('dim', detail)}` : ''}`],
    quiet: toStdout ? [] : [file.path],
    files: [file],
    stdoutTaken: toStdout,
  };
}

/**
 * The result of a command that wrote one audio file: path, size and duration (read back from the
 * file when the API gave none), then the command's own fields.
 */
export async function audioFileResult(
  ctx: Context,
  file: WrittenFile,
  fields: Record<string, unknown>,
): Promise<CommandResult> {
  file.duration_ms ??= await fileDurationMs(file.path);
  return fileResult(ctx, file, {
    file: file.path,
    bytes: file.bytes,
    duration_ms: file.duration_ms ?? null,
    ...fields,
  });
}

/** `-o` of the commands whose result is text: also saves it (newline-terminated) and notes where. */
export async function saveText(ctx: Context, path: string | undefined, text: string): Promise<WrittenFile[]> {
  if (!path) return [];
  const file = await writeFileAtomic(path, text.endsWith('\n') ? text : `${text}\n`, ctx.signal);
  ctx.out.note(ctx.out.savedLine(file));
  return [file];
}

/** The audio length the API reported in `extra_info` (music says `music_duration`), if any. */
export function reportedDurationMs(extra: Record<string, unknown> | undefined): number | undefined {
  const value = Number(extra?.music_duration ?? extra?.audio_length);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A JSON document without the keys whose value is unknown. */
export function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
