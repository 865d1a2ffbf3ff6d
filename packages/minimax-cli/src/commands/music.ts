import type { Command } from 'commander';
import { CliError } from '../config.js';
import type { Context } from '../context.js';
import { fileDurationMs, readTextArg, writeFileAtomic, writeOutput } from '../fsio.js';
import type { CommandResult, WrittenFile } from '../output.js';
import { checkStdoutTarget, example, formatFromPath, positiveIntArg, type Register } from './shared.js';

export const DEFAULT_MUSIC_MODEL = 'music-2.5+';

export interface MusicOptions {
  output: string;
  lyrics?: string;
  instrumental?: boolean;
  stream?: boolean;
  model?: string;
  format?: string;
  sampleRate?: number;
}

function lengthOf(extra: Record<string, unknown> | undefined): number | undefined {
  const value = Number(extra?.music_duration ?? extra?.audio_length);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Generates a song (or an instrumental) and saves it. */
export async function musicAction(
  ctx: Context,
  prompt: string,
  options: MusicOptions,
): Promise<CommandResult> {
  checkStdoutTarget(ctx, options.output);
  const lyrics = options.lyrics !== undefined ? await readTextArg(options.lyrics, ctx.io) : undefined;
  if (lyrics !== undefined && options.instrumental)
    throw new CliError('--instrumental songs have no --lyrics.');
  const format = options.format ?? formatFromPath(options.output) ?? 'mp3';
  const params = {
    model: options.model ?? DEFAULT_MUSIC_MODEL,
    prompt,
    ...(lyrics !== undefined ? { lyrics } : {}),
    // Without lyrics a song needs the API to write some from the prompt.
    ...(lyrics === undefined && !options.instrumental ? { lyrics_optimizer: true } : {}),
    ...(options.instrumental ? { is_instrumental: true } : {}),
    audio_setting: { format, ...(options.sampleRate ? { sample_rate: options.sampleRate } : {}) },
  };
  const client = ctx.client();
  const progress = ctx.out.progress('composing');
  let file: WrittenFile;
  let details: Record<string, unknown>;
  try {
    if (options.stream) {
      const stream = client.music.generateStream(params, ctx.call);
      progress.stop();
      file = await writeOutput(options.output, stream, ctx.out, ctx.signal);
      file.duration_ms = lengthOf(stream.extra_info);
      details = { trace_id: stream.trace_id };
    } else {
      const audio = await client.music.generate(params, ctx.call);
      const bytes = await audio.bytes();
      file = await writeOutput(options.output, bytes, ctx.out, ctx.signal);
      file.duration_ms = audio.duration || lengthOf(audio.extra_info);
      details = { trace_id: audio.trace_id, url: audio.url, sample_rate: audio.sample_rate };
    }
  } finally {
    progress.stop();
  }
  file.duration_ms ??= await fileDurationMs(file.path);
  return {
    json: {
      file: file.path,
      bytes: file.bytes,
      duration_ms: file.duration_ms ?? null,
      format,
      model: params.model,
      ...Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)),
    },
    human: [ctx.out.savedLine(file)],
    quiet: options.output === '-' ? [] : [file.path],
    files: [file],
    stdoutTaken: options.output === '-',
  };
}

export interface LyricsOptions {
  title?: string;
  edit?: string;
  output?: string;
}

/** Writes (or edits) song lyrics and prints them. */
export async function lyricsAction(
  ctx: Context,
  prompt: string,
  options: LyricsOptions,
): Promise<CommandResult> {
  const existing = options.edit !== undefined ? await readTextArg(options.edit, ctx.io) : undefined;
  const result = await ctx.client().music.generateLyrics(
    {
      mode: existing !== undefined ? 'edit' : 'write_full_song',
      prompt,
      ...(existing !== undefined ? { lyrics: existing } : {}),
      ...(options.title ? { title: options.title } : {}),
    },
    ctx.call,
  );
  const files: WrittenFile[] = [];
  if (options.output) {
    const written = await writeFileAtomic(options.output, `${result.lyrics.trimEnd()}\n`, ctx.signal);
    files.push(written);
    ctx.out.note(ctx.out.savedLine(written));
  }
  const human = [
    ctx.out.paint('bold', result.song_title || 'Untitled'),
    ...(result.style_tags ? [ctx.out.paint('dim', result.style_tags)] : []),
    '',
    result.lyrics.trimEnd(),
  ];
  return {
    json: { ...result, ...(files[0] ? { file: files[0].path } : {}) },
    human,
    quiet: [result.lyrics.trimEnd()],
    files,
  };
}

export const registerMusic: Register = (program, run) => {
  program
    .command('music')
    .description('Compose a song or an instrumental from a prompt')
    .argument('<prompt>', 'style, mood, instruments, e.g. "dreamy synth-pop, female vocals"')
    .requiredOption('-o, --output <file>', 'where to save the song ("-" for stdout)')
    .option(
      '--lyrics <text|@file>',
      'the lyrics (with [Verse] / [Chorus] tags); "@file" reads a file, "-" stdin',
    )
    .option('--instrumental', 'no vocals')
    .option('--stream', 'stream the audio as it is generated')
    .option('-m, --model <model>', 'music model', DEFAULT_MUSIC_MODEL)
    .option('-f, --format <format>', 'mp3 (default), wav or pcm')
    .option('-r, --sample-rate <hz>', 'e.g. 44100', positiveIntArg)
    .addHelpText(
      'after',
      example([
        'minimax music "Upbeat indie pop about summer" -o summer.mp3',
        'minimax lyrics "A song about the sea" -o sea.txt && minimax music "Sea shanty" --lyrics @sea.txt -o sea.mp3',
        'minimax music "Lo-fi beats to study to" --instrumental --stream -o - | ffplay -nodisp -',
      ]),
    )
    .action((prompt: string, options: MusicOptions, cmd: Command) =>
      run(cmd, (ctx) => musicAction(ctx, prompt, options)),
    );

  program
    .command('lyrics')
    .description('Write song lyrics from a prompt and print them')
    .argument('<prompt>', 'what the song is about')
    .option('--title <title>', 'the song title')
    .option('--edit <text|@file>', 'revise these lyrics instead of writing new ones')
    .option('-o, --output <file>', 'also save the lyrics to a file')
    .addHelpText('after', example(['minimax lyrics "A song about leaving home" --title "Long Road"']))
    .action((prompt: string, options: LyricsOptions, cmd: Command) =>
      run(cmd, (ctx) => lyricsAction(ctx, prompt, options)),
    );
};
