import type { Command } from 'commander';
import type { VideoResult } from 'minimax-sdk';
import { CliError, UsageError } from '../config.js';
import type { Context } from '../context.js';
import { optionalTextArg } from '../fsio.js';
import type { CommandResult } from '../output.js';
import { checkOutput, example, positiveIntArg, type Register } from './shared.js';
import { savedVideo, startedTask, waitResumable } from './video-shared.js';
import { registerVideoTemplate } from './video-template.js';
import {
  collect,
  finishVideoV2,
  isV2,
  registerVideoV2,
  type VideoV2Options,
  v2OnlyFlags,
  videoV2Action,
} from './video-v2.js';

export interface VideoOptions extends VideoV2Options {
  output?: string;
  model?: string;
  duration?: number;
  resolution?: string;
  firstFrame?: string;
  lastFrame?: string;
  subject?: string;
  promptOptimizer?: boolean;
  wait?: boolean;
  /** `video wait`: the task is a V2 one. */
  v2?: boolean;
}

/** The model each kind of generation uses unless told otherwise (the SDK's defaults). */
function defaultModel(options: VideoOptions): string {
  if (options.subject) return 'S2V-01';
  if (options.lastFrame) return 'MiniMax-Hailuo-02';
  return 'MiniMax-Hailuo-2.3';
}

/**
 * Creates the task first and then waits on it by id (rather than one high-level call), so the
 * id is known at once: printed for --no-wait, and offered for `video wait` after a Ctrl-C.
 */
export async function videoAction(
  ctx: Context,
  prompt: string | undefined,
  options: VideoOptions,
): Promise<CommandResult> {
  if (isV2(options)) return videoV2Action(ctx, prompt, options);
  const v2Only = v2OnlyFlags(options);
  if (v2Only.length > 0) {
    throw new UsageError(
      `${v2Only.join(', ')} ${v2Only.length === 1 ? 'is' : 'are'} for MiniMax-H3 (V2) models, not ${options.model}.`,
    );
  }
  if (options.duration !== undefined && ![6, 10].includes(options.duration)) {
    throw new UsageError(
      `--duration must be 6 or 10 for ${options.model ?? defaultModel(options)}, not ${options.duration}.`,
    );
  }
  if (options.wait !== false && !options.output)
    throw new UsageError('Missing -o <file> (or use --no-wait).');
  await checkOutput(ctx, options.output);
  if (options.subject && (options.firstFrame || options.lastFrame)) {
    throw new UsageError('--subject cannot be combined with --first-frame or --last-frame.');
  }
  // An empty prompt is refused, not sent: leave it out to animate a frame alone.
  prompt = await optionalTextArg(prompt, ctx.io, 'the prompt');
  if (!prompt && !options.firstFrame && !options.lastFrame && !options.subject) {
    throw new UsageError('Give a prompt, or a --first-frame, --last-frame or --subject image.');
  }
  const model = options.model ?? defaultModel(options);
  const created = await ctx.client().video.create(
    {
      model,
      ...(prompt ? { prompt } : {}),
      ...(options.promptOptimizer === false ? { prompt_optimizer: false } : {}),
      ...(options.duration !== undefined ? { duration: options.duration } : {}),
      ...(options.resolution ? { resolution: options.resolution } : {}),
      // Local files are turned into data URIs by the SDK.
      ...(options.firstFrame ? { first_frame_image: options.firstFrame } : {}),
      ...(options.lastFrame ? { last_frame_image: options.lastFrame } : {}),
      ...(options.subject ? { subject_reference: [{ type: 'character', image: [options.subject] }] } : {}),
    },
    ctx.call,
  );
  return startedTask(ctx, created, {
    kind: 'video',
    about: model,
    fields: { model },
    waitCommand: 'minimax video wait',
    wait: options.wait,
    finish: (taskId) => finishVideo(ctx, taskId, options.output!),
  });
}

export async function videoWaitAction(
  ctx: Context,
  taskId: string,
  options: VideoOptions,
): Promise<CommandResult> {
  await checkOutput(ctx, options.output);
  if (options.v2) return finishVideoV2(ctx, taskId, options.output!);
  return finishVideo(ctx, taskId, options.output!);
}

async function finishVideo(ctx: Context, taskId: string, output: string): Promise<CommandResult> {
  const result: VideoResult = await waitResumable(
    ctx,
    `video task ${taskId}`,
    `minimax video wait ${taskId} -o ${output}`,
    (options) => ctx.client().video.wait({ task_id: taskId }, options),
  );
  if (!result.download_url) throw new CliError(`Task ${taskId} finished without a download URL.`);
  const again = [
    `the video is still there: minimax video wait ${taskId} -o <file>`,
    result.file_id ? `or minimax files download ${result.file_id} -o <file>` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  return savedVideo(
    ctx,
    result.download_url,
    output,
    {
      task_id: result.task_id,
      status: result.status,
      file_id: result.file_id,
      video_width: result.video_width,
      video_height: result.video_height,
      download_url: result.download_url,
      trace_id: result.trace_id,
    },
    result.video_width ? `${result.video_width}×${result.video_height}` : '',
    again,
  );
}

export const registerVideo: Register = (program, run) => {
  const video = program
    .command('video')
    .description('Generate a video from text, frames or a subject image, and download it')
    .argument('[prompt]', 'what happens; camera moves in brackets, e.g. [Push in] (or @file, -)')
    .option('-o, --output <file>', 'where to save the MP4 ("-" for stdout)')
    .option(
      '-m, --model <model>',
      'MiniMax-Hailuo-2.3 (default), MiniMax-Hailuo-02 (frames), S2V-01 (subject); MiniMax-H3 or MiniMax-H3-Max for V2',
    )
    // V1 takes 6 or 10, V2 4-15: the range is checked once the model is known.
    .option('-d, --duration <seconds>', '6 or 10 (V2: 4-15)', positiveIntArg)
    .option('--resolution <res>', '512P, 720P, 768P or 1080P (V2: 768P or 2K; H3-Max 480P or 768P)')
    .option('--first-frame <image>', 'start from this image (file or URL)')
    .option('--last-frame <image>', 'end on this image (file or URL)')
    .option('--subject <image>', 'keep this character (file or URL)')
    .option('--ref-image <image>', 'V2: a reference image, file or URL (repeat, up to 9)', collect)
    .option('--ref-video <video>', 'V2: a reference video, file or URL (repeat, up to 3)', collect)
    .option(
      '--ref-audio <audio>',
      'V2: a reference audio, file or URL (repeat, up to 3; with an image or video)',
      collect,
    )
    .option('--ratio <ratio>', 'V2: adaptive, 21:9, 16:9, 4:3, 1:1, 3:4 or 9:16 (text-only needs one)')
    .option('--no-prompt-optimizer', 'send the prompt exactly as written')
    .option('--no-wait', 'start the task, print its id and exit')
    .addHelpText(
      'after',
      example([
        'minimax video "A red fox running through snow [Tracking shot]" -o fox.mp4',
        'minimax video "She smiles" --first-frame photo.jpg --duration 10 -o smile.mp4',
        'minimax video "A timelapse of a city" --no-wait',
        'minimax video wait 106916112212032 -o city.mp4',
        'minimax video "The cat jumps" -m MiniMax-H3 --first-frame cat.png -o cat.mp4',
        'minimax video "Dance like this" --ref-image me.png --ref-video moves.mp4 --duration 8 -o dance.mp4',
        'minimax video list --status running',
        'minimax video cancel vid_106916112212032',
      ]),
    )
    .action((prompt: string | undefined, options: VideoOptions, cmd: Command) =>
      run(cmd, (ctx) => videoAction(ctx, prompt, options)),
    );

  // `video wait <id> -o x`: commander hands -o to `video` (it knows -o too) before it sees `wait`,
  // so pass the options both declare on to `wait`.
  video.hook('preSubcommand', (parent, sub) => {
    for (const [key, value] of Object.entries(parent.opts())) {
      const shared = sub.options.some((option) => option.attributeName() === key);
      if (shared && value !== undefined && sub.getOptionValue(key) === undefined)
        sub.setOptionValue(key, value);
    }
  });

  video
    .command('wait')
    .description('Wait for a video task started earlier and download the result')
    .argument('<task_id>', 'the id printed by `minimax video --no-wait`')
    .requiredOption('-o, --output <file>', 'where to save the MP4 ("-" for stdout)')
    .option('--v2', 'the task is a MiniMax-H3 (V2) task')
    .addHelpText(
      'after',
      example([
        'minimax video wait 106916112212032 -o city.mp4',
        'minimax video wait --v2 vid_1069161 -o cat.mp4',
      ]),
    )
    .action((taskId: string, options: VideoOptions, cmd: Command) =>
      run(cmd, (ctx) => videoWaitAction(ctx, taskId, options)),
    );

  registerVideoTemplate(video, run);
  registerVideoV2(video, run);
};
