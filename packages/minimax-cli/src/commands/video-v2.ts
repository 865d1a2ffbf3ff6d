import type { Command } from 'commander';
import type { VideoV2ContentItem, VideoV2ListParams, VideoV2Task } from 'minimax-sdk';
import { UsageError } from '../config.js';
import type { Context } from '../context.js';
import { optionalTextArg } from '../fsio.js';
import { type CommandResult, formatTable } from '../output.js';
import { checkOutput, example, positiveIntArg, type Runner } from './shared.js';
import { savedVideo, startedTask, waitResumable } from './video-shared.js';

/** The `video` flags V2 reads (the V1-only ones are refused for V2). */
export interface VideoV2Options {
  output?: string;
  model?: string;
  duration?: number;
  resolution?: string;
  ratio?: string;
  firstFrame?: string;
  lastFrame?: string;
  refImage?: string[];
  refVideo?: string[];
  refAudio?: string[];
  subject?: string;
  promptOptimizer?: boolean;
  wait?: boolean;
}

/** Repeatable flags collect into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The flags only V2 has that are set. */
export function v2OnlyFlags(options: VideoV2Options): string[] {
  const flags: string[] = [];
  if (options.refImage?.length) flags.push('--ref-image');
  if (options.refVideo?.length) flags.push('--ref-video');
  if (options.refAudio?.length) flags.push('--ref-audio');
  if (options.ratio) flags.push('--ratio');
  return flags;
}

/**
 * Whether `video` goes to V2: a MiniMax-H model (H3, H3-Max, and later ones), or a flag only V2
 * has (references, ratio).
 */
export function isV2(options: VideoV2Options): boolean {
  if (options.model !== undefined) return /^MiniMax-H\d/i.test(options.model);
  return v2OnlyFlags(options).length > 0;
}

/** `content[]` from the flags: the prompt, then frames or references (paths or URLs; the SDK reads files). */
export function v2Content(prompt: string, options: VideoV2Options): VideoV2ContentItem[] {
  const content: VideoV2ContentItem[] = [{ type: 'text', text: prompt }];
  if (options.firstFrame)
    content.push({ type: 'image_url', image_url: { url: options.firstFrame }, role: 'first_frame' });
  if (options.lastFrame)
    content.push({ type: 'image_url', image_url: { url: options.lastFrame }, role: 'last_frame' });
  for (const url of options.refImage ?? [])
    content.push({ type: 'image_url', image_url: { url }, role: 'reference_image' });
  for (const url of options.refVideo ?? [])
    content.push({ type: 'video_url', video_url: { url }, role: 'reference_video' });
  for (const url of options.refAudio ?? [])
    content.push({ type: 'audio_url', audio_url: { url }, role: 'reference_audio' });
  return content;
}

/** `video --model MiniMax-H3 …`: creates the V2 task, then waits and saves like `video` does. */
export async function videoV2Action(
  ctx: Context,
  prompt: string | undefined,
  options: VideoV2Options,
): Promise<CommandResult> {
  if (options.wait !== false && !options.output)
    throw new UsageError('Missing -o <file> (or use --no-wait).');
  await checkOutput(ctx, options.output);
  if (options.subject) throw new UsageError('--subject is for V1 models; use --ref-image with MiniMax-H3.');
  if (options.promptOptimizer === false) throw new UsageError('--no-prompt-optimizer is for V1 models.');
  prompt = await optionalTextArg(prompt, ctx.io, 'the prompt');
  if (!prompt) throw new UsageError('MiniMax-H3 needs a prompt.');
  const model = options.model ?? 'MiniMax-H3';
  const created = await ctx.client().video.v2.create(
    {
      model,
      content: v2Content(prompt, options),
      ...(options.duration !== undefined ? { duration: options.duration } : {}),
      ...(options.resolution ? { resolution: options.resolution } : {}),
      ...(options.ratio ? { ratio: options.ratio } : {}),
    },
    ctx.call,
  );
  return startedTask(ctx, created, {
    kind: 'video',
    about: model,
    fields: { model },
    waitCommand: 'minimax video wait --v2',
    wait: options.wait,
    finish: (taskId) => finishVideoV2(ctx, taskId, options.output!),
  });
}

/** Waits for a V2 task and saves it (an expired link is asked for again by the SDK). */
export async function finishVideoV2(ctx: Context, taskId: string, output: string): Promise<CommandResult> {
  const result = await waitResumable(
    ctx,
    `video task ${taskId}`,
    `minimax video wait --v2 ${taskId} -o ${output}`,
    (options) => ctx.client().video.v2.wait({ task_id: taskId }, options),
  );
  return savedVideo(ctx, result.url, output, {
    task_id: result.task_id,
    status: result.status,
    model: result.task.model,
    usage: result.usage ?? null,
    url: result.url,
    trace_id: result.trace_id,
  });
}

interface ListOptions {
  status?: string;
  model?: string;
  taskType?: string;
  ids?: string;
  page?: number;
  pageSize?: number;
}

function when(seconds: unknown): string {
  return typeof seconds === 'number' && seconds > 0
    ? new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')
    : '';
}

/** `video list`: the V2 tasks of the last 7 days, filtered as the API filters them. */
export async function videoListAction(ctx: Context, options: ListOptions): Promise<CommandResult> {
  const params: VideoV2ListParams = {
    ...(options.status ? { status: options.status } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.taskType ? { task_type: options.taskType } : {}),
    ...(options.ids
      ? {
          task_ids: options.ids
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean),
        }
      : {}),
    ...(options.page !== undefined ? { page: options.page } : {}),
    ...(options.pageSize !== undefined ? { page_size: options.pageSize } : {}),
  };
  const listed = await ctx.client().video.v2.list(params, ctx.call);
  const tasks: VideoV2Task[] = listed.tasks;
  const rows = tasks.map((t) => [t.id, t.status, String(t.model ?? ''), when(t.created_at)]);
  const human =
    rows.length === 0
      ? ['No video tasks.']
      : [
          formatTable(
            [{ header: 'TASK ID' }, { header: 'STATUS' }, { header: 'MODEL' }, { header: 'CREATED' }],
            rows,
            ctx.out.paint,
          ),
        ];
  return { json: { tasks, total: listed.total ?? tasks.length }, human, quiet: tasks.map((t) => t.id) };
}

/** `video cancel ID`: cancels a queued or running V2 task, deletes a finished one. */
export async function videoCancelAction(ctx: Context, taskId: string): Promise<CommandResult> {
  const answer = await ctx.client().video.v2.delete({ task_id: taskId }, ctx.call);
  const status = typeof answer.status === 'string' ? answer.status : 'deleted';
  return {
    json: { task_id: answer.task_id, status, trace_id: answer.trace_id },
    human: [`Task ${ctx.out.paint('bold', answer.task_id)} ${status}.`],
    quiet: [answer.task_id],
  };
}

/** `video list` and `video cancel`, under the `video` command. */
export function registerVideoV2(video: Command, run: Runner): void {
  video
    .command('list')
    .description('List the MiniMax-H3 (V2) video tasks of the last 7 days')
    .option('--status <status>', 'queued, running, succeeded, failed or cancelled')
    .option('-m, --model <model>', 'MiniMax-H3 or MiniMax-H3-Max')
    .option('--task-type <type>', 'e.g. t2v, i2v, r2v')
    .option('--ids <ids>', 'only these task ids (comma-separated)')
    .option('--page <n>', '1-based page', positiveIntArg)
    .option('--page-size <n>', 'tasks per page', positiveIntArg)
    .addHelpText(
      'after',
      example(['minimax video list --status running', 'minimax video list --ids vid_1,vid_2 --json']),
    )
    .action((options: ListOptions, cmd: Command) => run(cmd, (ctx) => videoListAction(ctx, options)));

  video
    .command('cancel')
    .description('Cancel a queued or running MiniMax-H3 (V2) task, or delete a finished one')
    .argument('<task_id>', 'the V2 task id')
    .addHelpText('after', example(['minimax video cancel vid_106916112212032']))
    .action((taskId: string, _options: unknown, cmd: Command) =>
      run(cmd, (ctx) => videoCancelAction(ctx, taskId)),
    );
}
