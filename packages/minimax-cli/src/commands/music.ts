import { type Command, Option } from 'commander';
import { UsageError } from '../config.js';
import type { Context } from '../context.js';
import { optionalTextArg, requireTextArg, saveResult } from '../fsio.js';
import type { CommandResult, WrittenFile } from '../output.js';
import {
  audioFileResult,
  audioFormat,
  checkOutput,
  definedOnly,
  example,
  MUSIC_FORMATS,
  positiveIntArg,
  type Register,
  reportedDurationMs,
  saveText,
} from './shared.js';

/** The SDK's default song model (`music-2.5+` left the platform's list). */
export const DEFAULT_MUSIC_MODEL = 'music-2.6';

export interface MusicOptions {
  output?: string;
  lyrics?: string;
  instrumental?: boolean;
  stream?: boolean;
  model?: string;
  format?: string;
  sampleRate?: number;
}

/** Generates a song (or an instrumental) and saves it. */
export async function musicAction(
  ctx: Context,
  prompt: string,
  options: MusicOptions,
): Promise<CommandResult> {
  if (options.output === undefined)
    throw new UsageError("required option '-o, --output <file>' not specified");
  await checkOutput(ctx, options.output);
  prompt = await requireTextArg(prompt, ctx.io, 'the prompt');
  const lyrics = await optionalTextArg(options.lyrics, ctx.io, '--lyrics');
  if (lyrics !== undefined && options.instrumental)
    throw new UsageError('--instrumental songs have no --lyrics.');
  const format = audioFormat(options.output, options.format, MUSIC_FORMATS);
  const params = {
    model: options.model ?? DEFAULT_MUSIC_MODEL,
    prompt,
    lyrics,
    // Without lyrics a song needs the API to write some from the prompt.
    lyrics_optimizer: lyrics === undefined && !options.instrumental,
    is_instrumental: options.instrumental,
    audio_setting: { format, sample_rate: options.sampleRate },
  };
  const client = ctx.client();
  let file: WrittenFile;
  let details: Record<string, unknown>;
  if (options.stream) {
    const stream = client.music.generateStream(params, ctx.call);
    file = await saveResult(options.output, stream, ctx.out, { signal: ctx.signal });
    file.duration_ms = reportedDurationMs(stream.extra_info);
    details = { trace_id: stream.trace_id };
  } else {
    // The answer is usually a link: the download counts as composing too.
    const { audio, bytes } = await ctx.out.during('composing', async () => {
      const audio = await client.music.generate(params, ctx.call);
      return { audio, bytes: await audio.bytes() };
    });
    file = await saveResult(options.output, bytes, ctx.out, {
      signal: ctx.signal,
      again: audio.url ? `the song is also at ${audio.url}` : undefined,
    });
    file.duration_ms = audio.duration || reportedDurationMs(audio.extra_info);
    details = { trace_id: audio.trace_id, url: audio.url, sample_rate: audio.sample_rate };
  }
  return audioFileResult(ctx, file, {
    format,
    model: params.model,
    ...definedOnly(details),
  });
}

export interface CoverOptions {
  output?: string;
  /** `minimax music` options a cover has no use for: refused, not ignored. */
  instrumental?: boolean;
  stream?: boolean;
  sampleRate?: number;
  prompt: string;
  lyrics?: string;
  featureId?: string;
  model?: string;
  format?: string;
}

/**
 * Covers a song: preprocesses AUDIO (a URL or a local file) for its feature id and lyrics, then
 * generates the cover with those lyrics, or the ones given with `--lyrics` (the edited words).
 * `--feature-id` reuses an id from an earlier run (valid 24 h) and skips the preprocess.
 */
export async function musicCoverAction(
  ctx: Context,
  audio: string,
  options: CoverOptions,
): Promise<CommandResult> {
  if (options.output === undefined)
    throw new UsageError("required option '-o, --output <file>' not specified");
  if (options.instrumental || options.stream || options.sampleRate !== undefined)
    throw new UsageError('music cover takes no --instrumental, --stream or --sample-rate.');
  await checkOutput(ctx, options.output);
  const stylePrompt = await requireTextArg(options.prompt, ctx.io, '--prompt');
  const given = await optionalTextArg(options.lyrics, ctx.io, '--lyrics');
  if (options.featureId !== undefined && given === undefined)
    throw new UsageError(
      '--feature-id needs the new --lyrics (the platform requires lyrics with a feature id).',
    );
  const client = ctx.client();
  const analysed =
    options.featureId === undefined
      ? await ctx.out.during('analysing the song', () =>
          client.music.coverPreprocess(
            /^https?:\/\//i.test(audio) ? { audio_url: audio } : { audio },
            ctx.call,
          ),
        )
      : undefined;
  const featureId = options.featureId ?? analysed?.cover_feature_id ?? '';
  const lyrics = given ?? analysed?.formatted_lyrics;
  const format = audioFormat(options.output, options.format, MUSIC_FORMATS);
  const params = {
    model: options.model ?? 'music-cover',
    cover_feature_id: featureId,
    prompt: stylePrompt,
    lyrics,
    audio_setting: { format },
  };
  const { song, bytes } = await ctx.out.during('composing the cover', async () => {
    const song = await client.music.generate(params, ctx.call);
    return { song, bytes: await song.bytes() };
  });
  const file: WrittenFile = await saveResult(options.output, bytes, ctx.out, {
    signal: ctx.signal,
    again: song.url ? `the cover is also at ${song.url}` : undefined,
  });
  file.duration_ms = song.duration || reportedDurationMs(song.extra_info);
  return audioFileResult(ctx, file, {
    format,
    model: params.model,
    cover_feature_id: featureId,
    ...definedOnly({ audio_duration: analysed?.audio_duration, trace_id: song.trace_id }),
  });
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
  await checkOutput(ctx, options.output, { text: true });
  prompt = await requireTextArg(prompt, ctx.io, 'the prompt');
  const existing = await optionalTextArg(options.edit, ctx.io, '--edit');
  const result = await ctx.client().music.generateLyrics(
    {
      mode: existing !== undefined ? 'edit' : 'write_full_song',
      prompt,
      lyrics: existing,
      ...(options.title ? { title: options.title } : {}),
    },
    ctx.call,
  );
  const lyrics = result.lyrics.trimEnd();
  const files = await saveText(ctx, options.output, lyrics);
  return {
    json: { ...result, ...(files[0] ? { file: files[0].path } : {}) },
    human: [
      ctx.out.paint('bold', result.song_title || 'Untitled'),
      ...(result.style_tags ? [ctx.out.paint('dim', result.style_tags)] : []),
      '',
      lyrics,
    ],
    quiet: [lyrics],
    files,
  };
}

export const registerMusic: Register = (program, run) => {
  const music = program
    .command('music')
    .description('Compose a song or an instrumental from a prompt')
    .argument('<prompt>', 'style, mood, instruments, e.g. "dreamy synth-pop, female vocals" (or @file, -)')
    // Not required here: commander would ask it of `music cover` too; the actions check it.
    // `music cover` shares -o, --lyrics, -m and -f (commander hands them to this command).
    .option('-o, --output <file>', 'where to save the song ("-" for stdout)')
    .option(
      '--lyrics <text|@file>',
      'the lyrics (with [Verse] / [Chorus] tags); "@file" reads a file, "-" stdin',
    )
    .option('--instrumental', 'no vocals')
    .option('--stream', 'stream the audio as it is generated')
    .option('-m, --model <model>', `music model (default ${DEFAULT_MUSIC_MODEL}; music-cover for covers)`)
    .addOption(
      new Option(
        '-f, --format <format>',
        'mp3, wav or pcm (default: from the -o extension, else mp3)',
      ).choices([...MUSIC_FORMATS]),
    )
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

  music
    .command('cover')
    .description('Cover a song: new words and style over its melody (music-cover)')
    .argument('<audio>', 'the song to cover: a URL or a local file (6 s - 6 min, <= 50 MB)')
    .requiredOption('-p, --prompt <text>', 'the style of the cover, 10-300 characters (or @file, -)')
    .option('--feature-id <id>', 'reuse a cover_feature_id from an earlier run (24 h) and skip the analysis')
    .addHelpText(
      'after',
      example([
        'minimax music cover original.mp3 -p "Acoustic folk, warm male vocals" -o cover.mp3',
        'minimax music cover https://example.com/song.mp3 -p "Jazz trio, brushed drums" --lyrics @new-words.txt -o jazz.mp3',
      ]) +
        '\nShared with `minimax music`: -o/--output (required), --lyrics <text|@file> (the new lyrics;' +
        " default: the song's own, as the platform heard them), -m/--model (default music-cover), -f/--format.",
    )
    .action((audio: string, own: Partial<CoverOptions>, cmd: Command) =>
      run(cmd, (ctx) =>
        musicCoverAction(ctx, audio, { ...(cmd.parent?.opts() ?? {}), ...own } as CoverOptions),
      ),
    );

  program
    .command('lyrics')
    .description('Write song lyrics from a prompt and print them')
    .argument('<prompt>', 'what the song is about (or @file, -)')
    .option('--title <title>', 'the song title')
    .option('--edit <text|@file>', 'revise these lyrics instead of writing new ones')
    .option('-o, --output <file>', 'also save the lyrics to a file')
    .addHelpText('after', example(['minimax lyrics "A song about leaving home" --title "Long Road"']))
    .action((prompt: string, options: LyricsOptions, cmd: Command) =>
      run(cmd, (ctx) => lyricsAction(ctx, prompt, options)),
    );
};
