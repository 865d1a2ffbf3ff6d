import { type Command, Option } from 'commander';
import type { VoiceInfo } from 'minimax-sdk';
import { UsageError } from '../config.js';
import type { Context } from '../context.js';
import {
  checkLength,
  fileDurationMs,
  openDownload,
  optionalTextArg,
  requireTextArg,
  saveResult,
} from '../fsio.js';
import { mediaDurationMs } from '../media.js';
import { type CommandResult, formatTable, type WrittenFile } from '../output.js';
import { checkOutput, deleteUpload, example, type Register } from './shared.js';
import { DEFAULT_SPEECH_MODEL } from './speech.js';

const LIST_TYPES = ['all', 'system', 'voice_cloning', 'voice_generation'] as const;
const DELETE_TYPES = ['voice_cloning', 'voice_generation'] as const;

/** The preview texts the API takes, in characters (clone previews are billed as speech). */
const CLONE_PREVIEW_LIMIT = 1000;
const DESIGN_PREVIEW_LIMIT = 500;

/** The platform's rule for a new voice id, checked here so that a refused id costs no upload. */
export function checkVoiceId(voiceId: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_-]{6,254}[A-Za-z0-9]$/.test(voiceId))
    throw new UsageError(
      `--voice-id ${JSON.stringify(voiceId)} is not a valid voice id: 8-256 letters, digits, - and _, starting with a letter and not ending in - or _.`,
    );
}

export async function voicesListAction(ctx: Context, options: { type?: string }): Promise<CommandResult> {
  const list = await ctx.client().voice.list({ voice_type: options.type ?? 'all' }, ctx.call);
  const groups: [string, VoiceInfo[]][] = [
    ['system', list.system_voice],
    ['cloned', list.voice_cloning],
    ['designed', list.voice_generation],
  ];
  const rows = groups.flatMap(([kind, voices]) =>
    voices.map((v) => [
      v.voice_id,
      kind,
      v.voice_name ?? '',
      v.created_time ?? '',
      truncate(v.description.join('; '), 60),
    ]),
  );
  const human =
    rows.length === 0
      ? ['No voices.']
      : [
          formatTable(
            [
              { header: 'VOICE ID' },
              { header: 'TYPE' },
              { header: 'NAME' },
              { header: 'CREATED' },
              { header: 'DESCRIPTION' },
            ],
            rows,
            ctx.out.paint,
          ),
          ctx.out.paint('dim', `${rows.length} voice${rows.length === 1 ? '' : 's'}`),
        ];
  return { json: list, human, quiet: rows.map((row) => row[0] ?? '') };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface CloneOptions {
  voiceId: string;
  preview?: string;
  model?: string;
  output?: string;
  noiseReduction?: boolean;
  normalize?: boolean;
  language?: string;
}

/** Uploads the sample, clones it, and saves the preview when one was asked for. */
export async function voicesCloneAction(
  ctx: Context,
  audio: string,
  options: CloneOptions,
): Promise<CommandResult> {
  if (options.output && !options.preview) {
    throw new UsageError('-o needs --preview <text>: the API renders a preview only for a preview text.');
  }
  await checkOutput(ctx, options.output);
  // Everything the clone would refuse is checked before the sample is uploaded.
  checkVoiceId(options.voiceId);
  const preview = await optionalTextArg(options.preview, ctx.io, '--preview');
  if (preview !== undefined) checkLength(preview, CLONE_PREVIEW_LIMIT, '--preview');
  const client = ctx.client();
  const sample = await client.voice.uploadAudio({ file: audio, purpose: 'voice_clone' }, ctx.call);
  ctx.out.note(`Uploaded ${audio} as file ${sample.file_id}`);
  let result: Awaited<ReturnType<typeof client.voice.clone>>;
  try {
    result = await client.voice.clone(
      {
        file_id: sample.file_id,
        voice_id: options.voiceId,
        ...(preview ? { text: preview, model: options.model ?? DEFAULT_SPEECH_MODEL } : {}),
        ...(options.language ? { language_boost: options.language } : {}),
        need_noise_reduction: options.noiseReduction,
        need_volume_normalization: options.normalize,
      },
      ctx.call,
    );
  } catch (error) {
    // No voice holds the sample: do not leave it in storage.
    await deleteUpload(ctx, sample.file_id, 'voice_clone');
    throw error;
  }
  const files: WrittenFile[] = [];
  if (options.output && result.demo_audio) {
    const written = await saveResult(
      options.output,
      await openDownload(result.demo_audio, ctx.download),
      ctx.out,
      {
        signal: ctx.signal,
        again: `the voice ${result.voice_id} was cloned; its preview is at ${result.demo_audio}`,
      },
    );
    files.push({ ...written, duration_ms: await fileDurationMs(written.path) });
  }
  const human = [`Cloned voice ${ctx.out.paint('bold', result.voice_id)} from file ${sample.file_id}`];
  if (files[0]) human.push(ctx.out.savedLine(files[0], 'Saved preview to'));
  else if (result.demo_audio) human.push(`Preview: ${result.demo_audio}`);
  human.push(ctx.out.paint('dim', `Use it: minimax speech "Hello" --voice ${result.voice_id} -o hello.mp3`));
  return {
    json: { ...result, file_id: sample.file_id, ...(files[0] ? { file: files[0].path } : {}) },
    human,
    quiet: [result.voice_id],
    files,
    stdoutTaken: options.output === '-',
  };
}

export interface DesignOptions {
  preview: string;
  output?: string;
  voiceId?: string;
}

export async function voicesDesignAction(
  ctx: Context,
  prompt: string,
  options: DesignOptions,
): Promise<CommandResult> {
  await checkOutput(ctx, options.output);
  prompt = await requireTextArg(prompt, ctx.io, 'the prompt');
  const previewText = await requireTextArg(options.preview, ctx.io, '--preview');
  checkLength(previewText, DESIGN_PREVIEW_LIMIT, '--preview');
  if (options.voiceId !== undefined) checkVoiceId(options.voiceId);
  const result = await ctx
    .client()
    .voice.design(
      { prompt, preview_text: previewText, ...(options.voiceId ? { voice_id: options.voiceId } : {}) },
      ctx.call,
    );
  const files: WrittenFile[] = [];
  const trial = result.trial_audio;
  if (options.output && trial) {
    const written = await saveResult(options.output, await trial.bytes(), ctx.out, {
      signal: ctx.signal,
      again: `the voice ${result.voice_id} was created`,
    });
    files.push({ ...written, duration_ms: trial.duration || (await fileDurationMs(written.path)) });
  } else if (options.output) {
    ctx.out.warn('the API sent no trial audio; nothing was saved.');
  }
  const human = [`Designed voice ${ctx.out.paint('bold', result.voice_id)}`];
  if (files[0]) human.push(ctx.out.savedLine(files[0], 'Saved trial audio to'));
  human.push(ctx.out.paint('dim', `Use it: minimax speech "Hello" --voice ${result.voice_id} -o hello.mp3`));
  return {
    json: {
      voice_id: result.voice_id,
      trace_id: result.trace_id,
      // The API often leaves the length out (0): read it from the audio, saved or not.
      trial_audio: trial
        ? {
            bytes: trial.data.byteLength,
            duration_ms: files[0]?.duration_ms || trial.duration || mediaDurationMs(trial.data) || null,
            url: trial.url,
          }
        : null,
      ...(files[0] ? { file: files[0].path } : {}),
    },
    human,
    quiet: [result.voice_id],
    files,
    stdoutTaken: options.output === '-',
  };
}

export async function voicesDeleteAction(
  ctx: Context,
  voiceId: string,
  options: { type: string },
): Promise<CommandResult> {
  await ctx.client().voice.delete({ voice_id: voiceId, voice_type: options.type }, ctx.call);
  return {
    json: { deleted: true, voice_id: voiceId, voice_type: options.type },
    human: [`Deleted ${options.type === 'voice_generation' ? 'designed' : 'cloned'} voice ${voiceId}`],
  };
}

export const registerVoices: Register = (program, run) => {
  const voices = program
    .command('voices')
    .description('List, clone, design and delete voices')
    .addHelpText(
      'after',
      example(['minimax voices list --type system', 'minimax voices clone me.mp3 --voice-id MyVoice001']),
    );

  voices
    .command('list')
    .description('List the voices you can use')
    .addOption(new Option('--type <type>', 'which voices').choices([...LIST_TYPES]).default('all'))
    .addHelpText('after', example(['minimax voices list', 'minimax voices list --type voice_cloning --json']))
    .action((options: { type: string }, cmd: Command) => run(cmd, (ctx) => voicesListAction(ctx, options)));

  voices
    .command('clone')
    .description('Clone a voice from an audio sample (10 s to 5 min; mp3, m4a or wav)')
    .argument('<audio>', 'the sample file')
    .requiredOption(
      '--voice-id <id>',
      'the new voice id: 8-256 letters, digits, - and _, starting with a letter, not ending in - or _',
    )
    .option(
      '--preview <text>',
      'also render this text in the new voice, up to 1000 characters (billed as speech; or @file, -)',
    )
    .option('-o, --output <file>', 'save the preview here (needs --preview)')
    .option('-m, --model <model>', 'speech model for the preview', DEFAULT_SPEECH_MODEL)
    .option('-l, --language <name>', 'language hint, e.g. English')
    .option('--noise-reduction', 'denoise the sample')
    .option('--normalize', 'normalise the sample loudness')
    .addHelpText(
      'after',
      example(['minimax voices clone me.wav --voice-id MyVoice001 --preview "Is this me?" -o preview.mp3']),
    )
    .action((audio: string, options: CloneOptions, cmd: Command) =>
      run(cmd, (ctx) => voicesCloneAction(ctx, audio, options)),
    );

  voices
    .command('design')
    .description('Design a new voice from a description')
    .argument('<prompt>', 'what the voice sounds like (or @file, -)')
    .requiredOption('--preview <text>', 'text the trial audio speaks, up to 500 characters (or @file, -)')
    .option('-o, --output <file>', 'save the trial audio here ("-" for stdout)')
    .option('--voice-id <id>', 'id for the new voice (default: the API picks one)')
    .addHelpText(
      'after',
      example([
        'minimax voices design "A warm, slow narrator with a low voice" --preview "Once upon a time." -o trial.mp3',
      ]),
    )
    .action((prompt: string, options: DesignOptions, cmd: Command) =>
      run(cmd, (ctx) => voicesDesignAction(ctx, prompt, options)),
    );

  voices
    .command('delete')
    .description('Delete a cloned or designed voice (its id cannot be reused)')
    .argument('<voice_id>', 'the voice to delete')
    .addOption(
      new Option('--type <type>', 'kind of voice').choices([...DELETE_TYPES]).default('voice_cloning'),
    )
    .addHelpText(
      'after',
      example([
        'minimax voices delete MyVoice001',
        'minimax voices delete ttv-voice-1 --type voice_generation',
      ]),
    )
    .action((voiceId: string, options: { type: string }, cmd: Command) =>
      run(cmd, (ctx) => voicesDeleteAction(ctx, voiceId, options)),
    );
};
