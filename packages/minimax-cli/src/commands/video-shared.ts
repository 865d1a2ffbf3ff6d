/** What the video commands (V1, V2, templates) share: waiting with a resume hint, saving the MP4. */
import { APIUserAbortError, PollTimeoutError } from 'minimax-sdk';
import { CliError } from '../config.js';
import type { Context } from '../context.js';
import { fileDurationMs, openDownload, saveResult } from '../fsio.js';
import type { CommandResult, WrittenFile } from '../output.js';
import { fileResult } from './shared.js';

/**
 * Downloads a finished video's URL (no key goes there) to `output` and reports it: the file, its
 * size and duration, then the task's own fields. `again` tells how to fetch the video once more
 * when saving fails after the paid work is done.
 */
export async function savedVideo(
  ctx: Context,
  url: string,
  output: string,
  fields: Record<string, unknown>,
  detail = '',
  again?: string,
): Promise<CommandResult> {
  const written = await saveResult(output, await openDownload(url, ctx.download), ctx.out, {
    signal: ctx.signal,
    again,
  });
  const file: WrittenFile = { ...written, duration_ms: await fileDurationMs(written.path) };
  const { task_id, status, ...rest } = fields;
  return fileResult(
    ctx,
    file,
    { task_id, status, file: file.path, bytes: file.bytes, duration_ms: file.duration_ms ?? null, ...rest },
    detail,
  );
}

/**
 * Waits for a task through `wait`, saying how to resume it when the wait is cancelled or runs out
 * (the task keeps running on the server).
 */
export async function waitResumable<T>(
  ctx: Context,
  label: string,
  resume: string,
  wait: (options: ReturnType<Context['task']>) => Promise<T>,
): Promise<T> {
  try {
    return await ctx.out.during(label, (progress) => wait(ctx.task((p) => progress.update(p.status))));
  } catch (error) {
    if (error instanceof APIUserAbortError || error instanceof PollTimeoutError) {
      ctx.out.note(`The task keeps running on the server; resume with: ${resume}`);
    }
    throw error;
  }
}

/** A task just created, and what to do with it. */
export interface StartedTask {
  /** What kind of task, for the messages: `video`, `template`. */
  kind: string;
  /** What it was started with, for the note (`MiniMax-H3`, `template X`). */
  about: string;
  /** The fields `--json` reports for a task left running. */
  fields: Record<string, unknown>;
  /** The command that fetches the result later. */
  waitCommand: string;
  /** `false` for `--no-wait`. */
  wait: boolean | undefined;
  /** Waits for the task and saves its result. */
  finish: (taskId: string) => Promise<CommandResult>;
}

/**
 * What every task-creating command does once the API has answered: no task id is an error; with
 * --no-wait the id and how to fetch the result later; otherwise a note, then the wait.
 */
export async function startedTask(
  ctx: Context,
  created: { task_id?: string | undefined; trace_id?: string | undefined },
  task: StartedTask,
): Promise<CommandResult> {
  const taskId = created.task_id;
  if (!taskId) throw new CliError('The API returned no task id.');
  if (task.wait === false) {
    return {
      json: { task_id: taskId, ...task.fields, trace_id: created.trace_id },
      human: [
        `Started ${task.kind} task ${ctx.out.paint('bold', taskId)}`,
        ctx.out.paint('dim', `Fetch it when ready: ${task.waitCommand} ${taskId} -o video.mp4`),
      ],
      quiet: [taskId],
    };
  }
  ctx.out.note(`${task.kind[0]?.toUpperCase()}${task.kind.slice(1)} task ${taskId} started (${task.about}).`);
  return task.finish(taskId);
}
