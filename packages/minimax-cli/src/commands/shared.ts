/** Small pieces every command file uses: the registration signature, argument parsers, help text. */
import { type Command, InvalidArgumentError } from 'commander';
import { CliError, UsageError } from '../config.js';
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

/** What the music API writes. */
export const MUSIC_FORMATS = ['mp3', 'wav', 'pcm'] as const;

/** The formats a file extension can hold, best guess first. */
const EXTENSION_FORMATS: Record<string, readonly string[]> = {
  mp3: ['mp3'],
  wav: ['wav', 'pcmu_wav'],
  flac: ['flac'],
  pcm: ['pcm', 'pcmu_raw'],
  raw: ['pcm', 'pcmu_raw'],
  opus: ['opus'],
  ogg: ['opus'],
  oga: ['opus'],
  ulaw: ['pcmu_raw'],
  mulaw: ['pcmu_raw'],
  pcmu: ['pcmu_raw'],
};

/** Extensions that say "audio" but name a format the API does not write. */
const OTHER_AUDIO_EXTENSIONS = ['m4a', 'aac', 'mp4', 'webm', 'wma', 'aif', 'aiff', 'amr', 'mka'];

function extensionOf(path: string | undefined): string | undefined {
  if (!path || path === '-') return undefined;
  const name = path.split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
}

/** The format the `-o` extension names (from `supported`), if it names one. */
export function formatFromPath(
  path: string | undefined,
  supported: readonly string[] = AUDIO_FORMATS,
): string | undefined {
  const ext = extensionOf(path);
  return ext === undefined ? undefined : EXTENSION_FORMATS[ext]?.find((f) => supported.includes(f));
}

/**
 * The audio format to ask for: `--format` when given, else the one the `-o` extension names
 * (`-o x.ogg` is Opus, not MP3 in a file called .ogg), else mp3. A contradiction (`-f wav -o
 * x.mp3`) or an audio extension no supported format fits (`-o x.m4a`) is a usage error: the file
 * would not be what its name says.
 */
export function audioFormat(
  output: string | undefined,
  given: string | undefined,
  supported: readonly string[],
): string {
  const ext = extensionOf(output);
  const holds = ext === undefined ? undefined : EXTENSION_FORMATS[ext]?.filter((f) => supported.includes(f));
  const audioExtension =
    ext !== undefined && (EXTENSION_FORMATS[ext] !== undefined || OTHER_AUDIO_EXTENSIONS.includes(ext));
  if (!audioExtension) return given ?? 'mp3';
  if (!holds?.length)
    throw new UsageError(
      `-o ${output}: the API writes no .${ext} files (it writes ${supported.join(', ')}).`,
      {
        hint: `Use an extension that matches the format (${supported.map((f) => `.${f}`).join(', ')}).`,
      },
    );
  if (given === undefined) return holds[0]!;
  if (!holds.includes(given))
    throw new UsageError(
      `--format ${given} does not match -o ${output} (a .${ext} file holds ${holds.join(' or ')}).`,
      {
        hint: 'Change the extension or the --format so that they agree.',
      },
    );
  return given;
}

/** A number flag whose range `--help` shows: checked here, so the error names the flag. */
export function rangeArg(
  min: number,
  max: number,
  options: { integer?: boolean; aboveMin?: boolean; multipleOf?: number } = {},
): (value: string) => number {
  return (value) => {
    const n = numberArg(value);
    if (options.integer && !Number.isInteger(n)) throw new InvalidArgumentError('Not a whole number.');
    const low = options.aboveMin ? n <= min : n < min;
    if (low || n > max)
      throw new InvalidArgumentError(
        options.aboveMin ? `Must be above ${min}, up to ${max}.` : `Must be from ${min} to ${max}.`,
      );
    if (options.multipleOf && n % options.multipleOf !== 0)
      throw new InvalidArgumentError(`Must be a multiple of ${options.multipleOf}.`);
    return n;
  };
}

/** A whole-number flag that takes one of a few values. */
export function oneOfArg(allowed: readonly number[]): (value: string) => number {
  return (value) => {
    const n = intArg(value);
    if (!allowed.includes(n))
      throw new InvalidArgumentError(`Must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}.`);
    return n;
  };
}

/** `-o -` writes the payload to stdout, which leaves no room for the `--json` document. */
export function checkStdoutTarget(ctx: Context, output: string | undefined): void {
  if (output === '-' && ctx.out.json) {
    throw new UsageError('--json cannot be combined with -o - (stdout carries the output).');
  }
}

/**
 * Everything about an output that can be checked before a paid request: `-o -` with `--json` or
 * to a terminal (binary outputs; `text: true` for text), and the path being writable. A result that cannot be saved is paid work lost.
 */
export async function checkOutput(
  ctx: Context,
  output: string | undefined,
  options: { folder?: boolean; flag?: string; text?: boolean } = {},
): Promise<void> {
  if (output === undefined) return;
  checkStdoutTarget(ctx, output);
  if (output === '-') {
    // Audio or video bytes would scramble the terminal (and may leave it in a strange mode).
    if (!options.text && ctx.io.stdout.isTTY)
      throw new UsageError('-o - would write binary data to the terminal.', {
        hint: 'Pipe it (| ffplay -nodisp -) or redirect it (> out.mp3), or give a file name.',
      });
    return;
  }
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

/**
 * Deletes a file uploaded for a call that then failed, so that it is not left in storage; says
 * so, or says what to delete by hand when that fails too.
 */
export async function deleteUpload(ctx: Context, fileId: string, purpose: string): Promise<void> {
  try {
    await ctx.client().files.delete({ file_id: fileId, purpose }, ctx.call);
    ctx.out.note(`Deleted the uploaded file ${fileId}: the call failed.`);
  } catch {
    ctx.out.warn(
      `could not delete the uploaded file ${fileId}; remove it with: minimax files delete ${fileId}`,
    );
  }
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
