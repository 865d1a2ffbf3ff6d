import { Option } from 'commander';
import { UsageError } from '../config.js';
import type { Context } from '../context.js';
import type { CommandResult } from '../io.js';
import { example, type Register } from './shared.js';

const FORMATS = ['text', 'json', 'verbose_json', 'srt', 'vtt'] as const;

export interface TranscribeOptions {
  format?: (typeof FORMATS)[number];
  stream?: boolean;
  language?: string;
  model?: string;
  timestamps?: 'segment' | 'word';
}

/**
 * `minimax transcribe FILE`: the transcript on stdout. `text` (default) prints the words,
 * `json`/`verbose_json` the whole answer, `srt`/`vtt` the subtitles; `--stream` prints the words
 * as they are recognised.
 */
export async function transcribeAction(
  ctx: Context,
  file: string,
  options: TranscribeOptions,
): Promise<CommandResult> {
  const speech = ctx.client().speech;
  const format = options.format ?? 'text';
  const common = {
    file,
    ...(options.language === undefined ? {} : { language: options.language }),
    ...(options.model === undefined ? {} : { model: options.model }),
    ...(options.timestamps === undefined ? {} : { timestamp_level: options.timestamps }),
  };
  if (options.stream) {
    if (format === 'srt' || format === 'vtt') {
      throw new UsageError(`--stream prints text; it cannot be combined with --format ${format}.`);
    }
    const stream = speech.transcribeStream(common, ctx.call);
    const human = !ctx.options.json && !ctx.options.quiet;
    for await (const delta of stream) if (human) ctx.io.stdout.write(delta);
    const text = await stream.finalText();
    if (human) ctx.io.stdout.write('\n');
    return { json: { text }, quiet: [text], printed: human };
  }
  if (format === 'srt' || format === 'vtt') {
    const subtitles = await speech.transcribe({ ...common, response_format: format }, ctx.call);
    return { json: { format, subtitles }, human: [subtitles.trimEnd()], quiet: [subtitles.trimEnd()] };
  }
  const result = await speech.transcribe(
    { ...common, response_format: format === 'verbose_json' ? 'verbose_json' : 'json' },
    ctx.call,
  );
  const human = format === 'text' ? [result.text] : [JSON.stringify(result, null, 2)];
  return { json: result, human, quiet: [result.text] };
}

export const registerTranscribe: Register = (program, run) => {
  program
    .command('transcribe')
    .description('Speech to text: transcribe an audio file (up to 50 MB)')
    .argument('<file>', 'the audio file')
    .addOption(new Option('-f, --format <format>', 'what to print').choices([...FORMATS]).default('text'))
    .option('--stream', 'print the words as they are recognised')
    .option('-l, --language <code>', 'language hint, e.g. en')
    .option('-m, --model <model>', 'speech-to-text model', 'asr-1.0')
    .addOption(
      new Option('--timestamps <level>', 'timestamp detail (verbose_json)').choices(['segment', 'word']),
    )
    .addHelpText(
      'after',
      example([
        'minimax transcribe meeting.mp3',
        'minimax transcribe meeting.mp3 --format srt > meeting.srt',
        'minimax transcribe meeting.mp3 --stream',
      ]),
    )
    .action((file: string, options: TranscribeOptions, cmd) =>
      run(cmd, (ctx) => transcribeAction(ctx, file, options)),
    );
};
