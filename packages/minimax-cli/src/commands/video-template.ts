import type { Command } from 'commander';
import { UsageError } from '../config.js';
import type { Context } from '../context.js';
import type { CommandResult } from '../output.js';
import { checkOutput, example, type Runner } from './shared.js';
import { savedVideo, startedTask, waitResumable } from './video-shared.js';

export interface VideoTemplateOptions {
  media: string[];
  text: string[];
  output?: string;
  wait?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `video template ID`: fills the template's slots from `--media` (files or URLs; the SDK inlines
 * files) and `--text`, in order; then waits like `video` does, or prints the id with --no-wait.
 */
export async function videoTemplateAction(
  ctx: Context,
  templateId: string,
  options: VideoTemplateOptions,
): Promise<CommandResult> {
  if (options.wait !== false && !options.output)
    throw new UsageError('Missing -o <file> (or use --no-wait).');
  await checkOutput(ctx, options.output);
  const templates = ctx.client().video.templates;
  const created = await templates.create(
    {
      template_id: templateId,
      ...(options.media.length > 0 ? { media_inputs: options.media.map((value) => ({ value })) } : {}),
      ...(options.text.length > 0 ? { text_inputs: options.text.map((value) => ({ value })) } : {}),
    },
    ctx.call,
  );
  return startedTask(ctx, created, {
    kind: 'template',
    about: `template ${templateId}`,
    fields: { template_id: templateId },
    waitCommand: 'minimax video template-wait',
    wait: options.wait,
    finish: (taskId) => finishTemplate(ctx, taskId, options.output!, templateId),
  });
}

async function finishTemplate(
  ctx: Context,
  taskId: string,
  output: string,
  templateId?: string,
): Promise<CommandResult> {
  const result = await waitResumable(
    ctx,
    `template task ${taskId}`,
    `minimax video template-wait ${taskId} -o ${output}`,
    (options) => ctx.client().video.templates.wait({ task_id: taskId }, options),
  );
  return savedVideo(ctx, result.video_url, output, {
    task_id: result.task_id,
    status: result.status,
    ...(templateId ? { template_id: templateId } : {}),
    video_url: result.video_url,
    trace_id: result.trace_id,
  });
}

/** The parent `video` command takes `-o` and `--no-wait` given after the subcommand; read both. */
function merged(options: VideoTemplateOptions, cmd: Command): VideoTemplateOptions {
  const parent = cmd.parent?.opts() ?? {};
  return {
    ...options,
    output: options.output ?? (typeof parent.output === 'string' ? parent.output : undefined),
    wait: options.wait !== false && parent.wait !== false,
  };
}

/** `video template` and `video template-wait`, under the `video` command. */
export function registerVideoTemplate(video: Command, run: Runner): void {
  video
    .command('template')
    .description('Make a video from a Video Agent template and download it')
    .argument('<template_id>', 'an id from the Video Agent Template List, e.g. 392747428568649728')
    .option('--media <file|url>', "a media input, in the template's order (repeat)", collect, [])
    .option('--text <value>', "a text input, in the template's order (repeat)", collect, [])
    .option('-o, --output <file>', 'where to save the MP4 ("-" for stdout)')
    .option('--no-wait', 'start the task, print its id and exit')
    .addHelpText(
      'after',
      example([
        'minimax video template 392747428568649728 --media me.jpg -o diving.mp4',
        'minimax video template 393769180141805569 --media https://example.com/r.jpg --text "Go" --no-wait',
        'minimax video template-wait 106916112212032 -o run.mp4',
      ]),
    )
    .action((templateId: string, options: VideoTemplateOptions, cmd: Command) =>
      run(cmd, (ctx) => videoTemplateAction(ctx, templateId, merged(options, cmd))),
    );

  video
    .command('template-wait')
    .description('Wait for a template task started earlier and download the result')
    .argument('<task_id>', 'the id printed by `minimax video template --no-wait`')
    .option('-o, --output <file>', 'where to save the MP4 ("-" for stdout)')
    .addHelpText('after', example(['minimax video template-wait 106916112212032 -o run.mp4']))
    .action((taskId: string, options: VideoTemplateOptions, cmd: Command) =>
      run(cmd, async (ctx) => {
        const { output } = merged(options, cmd);
        if (!output) throw new UsageError('Missing -o <file>.');
        await checkOutput(ctx, output);
        return finishTemplate(ctx, taskId, output);
      }),
    );
}
