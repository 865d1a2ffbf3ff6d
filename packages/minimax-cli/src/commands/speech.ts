import { type Command, Option } from 'commander';
import { type AudioStream, type SpeechStream, type TTSParams, toFile } from 'minimax-sdk';
import { CliError, UsageError } from '../config.js';
import type { Context } from '../context.js';
import { checkLength, downloadBytes, readTextArg, readTextPath, saveResult } from '../fsio.js';
import { audioFromArchive, isArchive } from '../media.js';
import type { CommandResult, WrittenFile } from '../output.js';
import {
  AUDIO_FORMATS,
  audioFileResult,
  audioFormat,
  checkOutput,
  definedOnly,
  deleteUpload,
  example,
  oneOfArg,
  type Register,
  rangeArg,
  reportedDurationMs,
} from './shared.js';

export const DEFAULT_SPEECH_MODEL = 'speech-2.8-hd';
export const DEFAULT_VOICE = 'English_expressive_narrator';

const SAMPLE_RATES = [8000, 16000, 22050, 24000, 32000, 44100] as const;

export interface SpeechOptions {
  output: string;
  model?: string;
  voice?: string;
  speed?: number;
  vol?: number;
  pitch?: number;
  emotion?: string;
  format?: string;
  sampleRate?: number;
  language?: string;
  textFile?: string;
  stream?: boolean;
  ws?: boolean;
  bidi?: boolean;
  async?: boolean;
  /** `--subtitles <type>`: asks for a subtitle file of that granularity. */
  subtitles?: string;
}

async function speechText(
  ctx: Context,
  textArg: string | undefined,
  options: SpeechOptions,
): Promise<string> {
  if (textArg !== undefined && options.textFile !== undefined) {
    throw new UsageError('Give the text either as an argument or with --text-file, not both.');
  }
  let text: string;
  if (options.textFile !== undefined) text = await readTextPath(options.textFile, ctx.io);
  else if (textArg !== undefined) text = await readTextArg(textArg, ctx.io);
  else throw new UsageError('Nothing to say: pass the text, "-" for stdin, or --text-file <path>.');
  if (!text.trim()) throw new UsageError('The text is empty.');
  return text;
}

/** The settings shared by every speech mode, built once from the flags. */
export function speechSettings(text: string, options: Omit<SpeechOptions, 'output'> & { output?: string }) {
  // Unset flags stay `undefined`, which the JSON body leaves out.
  return {
    text,
    model: options.model ?? DEFAULT_SPEECH_MODEL,
    voice_setting: {
      voice_id: options.voice ?? DEFAULT_VOICE,
      speed: options.speed,
      vol: options.vol,
      pitch: options.pitch,
      emotion: options.emotion,
    },
    audio_setting: {
      format: audioFormat(options.output, options.format, AUDIO_FORMATS),
      sample_rate: options.sampleRate,
    },
    language_boost: options.language,
    subtitle_enable: options.subtitles === undefined ? undefined : true,
    subtitle_type: options.subtitles,
  } satisfies TTSParams;
}

/** Above this many characters the long-text API wants the text uploaded as a file. */
const ASYNC_INLINE_LIMIT = 50_000;
/** The most the long-text API takes at all. */
const ASYNC_TEXT_LIMIT = 100_000;

async function uploadText(ctx: Context, text: string): Promise<string> {
  const file = await toFile(new TextEncoder().encode(text), 'speech-input.txt', { type: 'text/plain' });
  const info = await ctx.client().files.upload({ file, purpose: 't2a_async_input' }, ctx.call);
  ctx.out.note(`Uploaded the text (${text.length} characters) as file ${info.file_id}.`);
  return info.file_id;
}

/** Synthesises speech by one of four routes and writes it to `-o` (or stdout for `-`). */
export async function speechAction(
  ctx: Context,
  textArg: string | undefined,
  options: SpeechOptions,
): Promise<CommandResult> {
  const modes = [
    options.stream && '--stream',
    options.ws && '--ws',
    options.bidi && '--bidi',
    options.async && '--async',
  ].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`Choose one of ${modes.join(', ')}.`);
  if (options.subtitles !== undefined && (options.async || options.bidi)) {
    throw new UsageError(
      `--subtitles works with the plain, --stream and --ws modes (${options.async ? '--async results carry sentence subtitles in their archive' : '--bidi sessions have none'}).`,
    );
  }
  if (ctx.options.dryRun && (options.ws || options.bidi))
    throw new UsageError('--dry-run shows HTTP requests; a --ws or --bidi session is a WebSocket.');
  await checkOutput(ctx, options.output);
  const text = await speechText(ctx, textArg, options);
  const settings = speechSettings(text, options);
  const client = ctx.client();
  const target = options.output;
  const mode = options.stream
    ? 'stream'
    : options.ws
      ? 'websocket'
      : options.bidi
        ? 'bidi'
        : options.async
          ? 'async'
          : 'sync';
  let file: WrittenFile;
  let details: Record<string, unknown>;
  // Streamed audio (HTTP or WebSocket) goes to the file or stdout as it arrives.
  const fromStream = async (stream: AudioStream | SpeechStream) => {
    const written = await saveResult(target, stream, ctx.out, { signal: ctx.signal });
    return {
      file: { ...written, duration_ms: reportedDurationMs(stream.extra_info) },
      details: {
        trace_id: stream.trace_id,
        extra_info: stream.extra_info,
        subtitle_file: stream.subtitle_file,
      },
    };
  };

  if (mode === 'stream') {
    // The final event would repeat the whole clip, which the stream drops anyway: not asked for.
    const params = { ...settings, stream_options: { exclude_aggregated_audio: true } };
    ({ file, details } = await fromStream(client.speech.ttsStream(params, ctx.call)));
  } else if (mode === 'websocket') {
    const { text: _text, ...session } = settings;
    const connection = await client.speech.connect(session, ctx.call);
    try {
      ({ file, details } = await fromStream(connection.sendStream({ text }, ctx.call)));
      details.session_id = connection.session_id;
    } finally {
      // Closing politely can itself fail on a dead socket; the send's outcome is what matters.
      await connection.close().catch(() => {});
    }
  } else if (mode === 'bidi') {
    const { text: _text, ...params } = settings;
    const session = await client.speech.connectBidi(params, ctx.call);
    try {
      // Read while writing: the audio of the first sentence arrives before the last is sent.
      const written = saveResult(target, session, ctx.out, { signal: ctx.signal });
      written.catch(() => {});
      await session.write(text);
      await session.finish();
      file = await written;
      details = { trace_id: session.trace_id, session_id: session.session_id };
    } finally {
      await session.close();
    }
  } else if (mode === 'async') {
    // Checked before the upload: a text the task would refuse must not be left in storage.
    checkLength(text, ASYNC_TEXT_LIMIT, 'the text');
    const { text: _text, audio_setting, ...rest } = settings;
    // The long-text API spells the rate `audio_sample_rate`, and takes big texts only as a file.
    const uploaded = text.length > ASYNC_INLINE_LIMIT ? await uploadText(ctx, text) : undefined;
    const params = {
      ...rest,
      audio_setting: { format: audio_setting.format, audio_sample_rate: options.sampleRate },
      ...(uploaded ? { text_file_id: uploaded } : { text }),
    };
    let taskId: string;
    try {
      taskId = String((await client.speech.asyncCreate(params, ctx.call)).task_id);
    } catch (error) {
      // No task will read the upload (a bad voice id, a refused setting): remove it.
      if (uploaded) await deleteUpload(ctx, uploaded, 't2a_async_input');
      throw error;
    }
    const result = await ctx.out.during(`long-text speech task ${taskId}`, (progress) =>
      client.speech.asyncWait(
        { task_id: taskId },
        ctx.task((p) => progress.update(p.status)),
      ),
    );
    if (!result.download_url) throw new CliError(`Task ${result.task_id} finished without a download URL.`);
    const bytes = await downloadBytes(result.download_url, ctx.download);
    const entry = audioFromArchive(bytes, settings.audio_setting.format);
    if (entry) ctx.out.note(`Extracted ${entry.name} from the task's result archive.`);
    else if (isArchive(bytes))
      ctx.out.warn('the result archive holds no audio file; saving the archive itself.');
    file = await saveResult(target, entry?.data ?? bytes, ctx.out, {
      signal: ctx.signal,
      again: result.file_id
        ? `the task's result is file ${result.file_id}: minimax files download ${result.file_id}`
        : undefined,
    });
    details = { task_id: result.task_id, file_id: result.file_id, trace_id: result.trace_id };
  } else {
    const audio = await client.speech.tts(settings, ctx.call);
    file = await saveResult(target, await audio.bytes(), ctx.out, { signal: ctx.signal });
    file.duration_ms = audio.duration || undefined;
    details = {
      trace_id: audio.trace_id,
      extra_info: audio.extra_info,
      sample_rate: audio.sample_rate,
      subtitle_file: audio.subtitle_file,
    };
  }
  return audioFileResult(ctx, file, {
    format: settings.audio_setting.format,
    mode,
    model: settings.model,
    voice_id: settings.voice_setting.voice_id,
    ...definedOnly(details),
  });
}

/** The voice and audio flags, shared with `music` and `voices` where they apply. */
export function addVoiceOptions(command: Command): Command {
  return command
    .option('-m, --model <model>', 'speech model', DEFAULT_SPEECH_MODEL)
    .option('-v, --voice <voice_id>', 'voice id (see `minimax voices list`)', DEFAULT_VOICE)
    .option('--speed <x>', 'speaking rate, 0.5 to 2', rangeArg(0.5, 2))
    .option('--vol <x>', 'volume, above 0 up to 10', rangeArg(0, 10, { aboveMin: true }))
    .option('--pitch <semitones>', 'pitch shift, -12 to 12', rangeArg(-12, 12, { integer: true }))
    .option('--emotion <name>', 'happy, sad, angry, fearful, disgusted, surprised, calm, fluent, whisper')
    .addOption(
      new Option('-f, --format <format>', 'audio format (default: from the -o extension, else mp3)').choices([
        ...AUDIO_FORMATS,
      ]),
    )
    .option('-r, --sample-rate <hz>', '8000, 16000, 22050, 24000, 32000 or 44100', oneOfArg(SAMPLE_RATES))
    .option('-l, --language <name>', 'language hint, e.g. English, Chinese, auto');
}

export const registerSpeech: Register = (program, run) => {
  const command = program
    .command('speech')
    .description('Turn text into speech and save it (or stream it to stdout with -o -)')
    .argument('[text]', 'the text to speak; "@file" reads a file, "-" stdin')
    .requiredOption('-o, --output <file>', 'where to write the audio; "-" for stdout')
    .option('--text-file <path>', 'read the text from a file ("-" for stdin)');
  addVoiceOptions(command)
    .option('--stream', 'stream the audio as it is generated (to the file, or to stdout with -o -)')
    .option('--ws', 'use a WebSocket session')
    .option('--bidi', 'use the bidirectional session (text in as it comes, audio by sentence)')
    .option('--async', 'use the long-text task (up to 100 000 characters), with progress')
    .addOption(
      new Option('--subtitles <type>', 'also make a subtitle file (its URL is in the result)').choices([
        'sentence',
        'word',
        'word_streaming',
      ]),
    )
    .addHelpText(
      'after',
      example([
        'minimax speech "Hello from MiniMax" -o hello.mp3',
        'minimax speech "Streaming straight to a player" --stream -o - | ffplay -nodisp -autoexit -',
        'minimax speech --text-file chapter1.txt --async -o chapter1.mp3',
        'minimax speech "Hi" --ws --voice male-qn-qingse --format wav -o hi.wav',
        'minimax speech "Thanks for calling." -f pcmu_wav -o greeting.wav',
        'minimax speech "Word by word." --subtitles word -o words.opus',
      ]),
    )
    .action((text: string | undefined, options: SpeechOptions, cmd: Command) =>
      run(cmd, (ctx) => speechAction(ctx, text, options)),
    );
};
