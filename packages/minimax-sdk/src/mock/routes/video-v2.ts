/**
 * Video V2 (MiniMax-H3).
 *
 * V2 answers in the OpenAI-style envelope with real HTTP statuses (the router writes errors);
 * a task moves queued → running → succeeded, its `content.url` is a fresh link on every query that
 * expires after `videoUrlTtlMs`, and `DELETE` cancels a queued/running task or forgets a finished
 * one.
 */

import { ownEntry } from '../../core/errors.js';
import { callbackURL, startCallbacks } from '../callbacks.js';
import { resolutionSize } from '../media.js';
import type { Task } from '../state.js';
import { createTask, findTask, queryTask } from '../tasks.js';
import type { Handler, MockContext, MockRequest } from '../types.js';
import { isObject, type JsonObject } from '../util.js';
import {
  bodyObject,
  invalid,
  optionalArray,
  optionalNumber,
  optionalString,
  requireString,
} from '../validate.js';
import { fileUrl } from './common.js';

const V2_STAGES = ['queued', 'running', 'succeeded'];
const V2_FINAL = new Set(['succeeded', 'failed', 'cancelled']);
const MEDIA_REF = /^(https?:\/\/|data:|mm_file:\/\/\d+$)/;
const ROLES: Record<string, string[]> = {
  image_url: ['first_frame', 'last_frame', 'reference_image'],
  video_url: ['reference_video'],
  audio_url: ['reference_audio'],
};
const LIMITS: Record<string, number> = {
  first_frame: 1,
  last_frame: 1,
  reference_image: 9,
  reference_video: 3,
  reference_audio: 3,
};
const MODELS: Record<string, { resolutions: string[]; min: number; max: number; framesOnly: boolean }> = {
  'MiniMax-H3': { resolutions: ['768P', '2K'], min: 4, max: 15, framesOnly: false },
  'MiniMax-H3-Max': { resolutions: ['480P', '768P'], min: 5, max: 15, framesOnly: true },
};

function checkMediaRef(ctx: MockContext, url: unknown, field: string): void {
  if (typeof url !== 'string' || !MEDIA_REF.test(url)) {
    invalid(field, 'must be a public URL, a data URI or mm_file://{file_id}');
  }
  const file = /^mm_file:\/\/(\d+)$/.exec(url);
  if (file?.[1] !== undefined) {
    const stored = ctx.state.files.get(Number(file[1]));
    if (stored === undefined || stored.purpose !== 'video_generation_input') {
      invalid(field, `names no video_generation_input file (${file[1]})`);
    }
  }
}

/** The content rules, as the platform enforces them. */
function checkContent(ctx: MockContext, body: JsonObject, model: string): void {
  const content = optionalArray(body, 'content');
  if (content === undefined || content.length === 0) invalid('content', 'is required');
  let texts = 0;
  const roles: string[] = [];
  content.forEach((item, i) => {
    const field = `content[${i}]`;
    if (!isObject(item)) invalid(field, 'must be an object');
    if (item.type === 'text') {
      requireString(item, 'text', { max: 7000 }, `${field}.`);
      texts += 1;
      return;
    }
    const allowed = typeof item.type === 'string' ? ownEntry(ROLES, item.type) : undefined;
    if (allowed === undefined) invalid(`${field}.type`, 'must be text, image_url, video_url or audio_url');
    const role = requireString(item, 'role', { oneOf: allowed }, `${field}.`);
    const media = item[item.type as string];
    checkMediaRef(ctx, isObject(media) ? media.url : undefined, `${field}.${item.type as string}.url`);
    roles.push(role);
  });
  if (texts !== 1) invalid('content', 'must hold exactly one text item');
  for (const [role, limit] of Object.entries(LIMITS)) {
    if (roles.filter((r) => r === role).length > limit)
      invalid('content', `holds more than ${limit} ${role}`);
  }
  const frames = roles.some((r) => r.endsWith('_frame'));
  const references = roles.some((r) => r.startsWith('reference_'));
  if (frames && references) invalid('content', 'mixes frame and reference roles');
  if (
    roles.includes('reference_audio') &&
    !roles.some((r) => r === 'reference_image' || r === 'reference_video')
  ) {
    invalid('content', 'reference_audio cannot be the only reference');
  }
  const rules = ownEntry(MODELS, model);
  if (rules?.framesOnly && references) invalid('content', `${model} takes text and frames only`);
  const ratio = optionalString(body, 'ratio', {
    oneOf: ['adaptive', '21:9', '16:9', '4:3', '1:1', '3:4', '9:16'],
  });
  if (roles.length === 0 && (ratio === undefined || ratio === 'adaptive')) {
    invalid('ratio', 'must be a concrete ratio for text-only videos');
  }
}

/** `POST /v2/video_generation`. */
export const videoV2Create: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  const model = requireString(body, 'model');
  checkContent(ctx, body, model);
  const rules = ownEntry(MODELS, model);
  const resolution = optionalString(body, 'resolution', rules && { oneOf: rules.resolutions }) ?? '768P';
  const duration = optionalNumber(body, 'duration') ?? 6;
  if (rules && (duration < rules.min || duration > rules.max)) {
    invalid('duration', `must be ${rules.min}-${rules.max} for ${model}`);
  }
  const callback = callbackURL(body);
  const taskId = `vid_${ctx.state.nextTaskId()}`;
  // 2K and 480P are drawn at 768P / 512P: the mock's video is about shape, not pixels.
  const drawn = resolution === '2K' ? '768P' : resolution === '480P' ? '512P' : resolution;
  const { width, height } = resolutionSize(drawn);
  const task = createTask(ctx, r.path, {
    id: taskId,
    kind: 'video_v2',
    stages: V2_STAGES,
    result: {
      model,
      usage: { duration_seconds: duration, output_video_tokens: duration * 1000, resolution },
      width,
      height,
    },
    produce: () => ({
      filename: `${taskId}.mp4`,
      purpose: 'video_generation',
      data: ctx.media.video(Math.min(duration, 10), drawn),
      contentType: 'video/mp4',
    }),
  });
  if (callback !== undefined) {
    // A V2 post is shaped like the retrieve answer: `{ task: {...} }`.
    startCallbacks(ctx, callback, task, () => {
      const view = v2TaskView(r, ctx, task, true);
      const status = String(view.status);
      return { status, final: V2_FINAL.has(status), body: { task: view } };
    });
  }
  return { task_id: taskId };
};

/** The task as V2 describes it now (`count`: whether this look counts as a poll). */
export function v2TaskView(r: MockRequest, ctx: MockContext, task: Task, count: boolean): JsonObject {
  const base: JsonObject = {
    id: task.id,
    model: task.result.model,
    created_at: Math.floor(task.createdAt / 1000),
  };
  if (task.cancelled) return { ...base, status: 'cancelled' };
  const view = queryTask(ctx, task, 'failed', count);
  if (view.failure !== undefined) {
    return {
      ...base,
      status: view.status,
      error: { code: String(view.failure.code), message: view.failure.message },
    };
  }
  if (view.file === undefined) return { ...base, status: view.status };
  const expires = Date.now() + ctx.options.videoUrlTtlMs;
  return {
    ...base,
    status: view.status,
    content: { url: `${fileUrl(r, view.file.file_id, view.file.filename)}?expires=${expires}` },
    usage: task.result.usage,
  };
}

function v2Task(r: MockRequest, ctx: MockContext, prefix: string): Task {
  const id = decodeURIComponent(r.path.slice(prefix.length));
  const task = id === '' ? undefined : findTask(ctx, 'video_v2', id);
  if (task === undefined) invalid('task_id', `${id || '(empty)'} does not name a task of the last 7 days`);
  return task;
}

/** `GET /v2/query/video_generation/{task_id}`. */
export const videoV2Retrieve: Handler = (r, ctx) => ({
  task: v2TaskView(r, ctx, v2Task(r, ctx, '/v2/query/video_generation/'), true),
});

/** `GET /v2/query/video_generation?page=&page_size=&status=&model=&task_type=&task_ids=`. */
export const videoV2List: Handler = (r, ctx) => {
  const page = Math.max(1, Number(r.query.page ?? 1) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(r.query.page_size ?? 20) || 20));
  const ids = r.query.task_ids === undefined ? undefined : new Set(r.query.task_ids.split(','));
  const all = [...ctx.state.tasks.values()]
    .filter((t) => t.kind === 'video_v2' && (ids === undefined || ids.has(t.id)))
    .filter((t) => r.query.model === undefined || t.result.model === r.query.model)
    .filter((t) => r.query.task_type === undefined || taskType(t) === r.query.task_type)
    .map((t) => v2TaskView(r, ctx, t, false))
    .filter((t) => r.query.status === undefined || t.status === r.query.status)
    .reverse();
  return {
    tasks: all.slice((page - 1) * pageSize, page * pageSize),
    total: all.length,
    page,
    page_size: pageSize,
  };
};

function taskType(task: Task): string {
  return typeof task.result.task_type === 'string' ? task.result.task_type : 'video';
}

/** `DELETE /v2/video_generation/{task_id}`: cancel queued/running, forget finished. */
export const videoV2Delete: Handler = (r, ctx) => {
  const task = v2Task(r, ctx, '/v2/video_generation/');
  const status = v2TaskView(r, ctx, task, false).status;
  if (status === 'queued' || status === 'running') task.cancelled = true;
  else ctx.state.tasks.delete(`video_v2:${task.id}`);
  return { task_id: task.id, status: task.cancelled ? 'cancelled' : 'deleted' };
};
