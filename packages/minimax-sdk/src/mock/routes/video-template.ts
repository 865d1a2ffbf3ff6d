/**
 * Video Agent templates: `POST /v1/video_template_generation` creates a task from a template id
 * and its inputs; `GET /v1/query/video_template_generation` moves it through Preparing →
 * Queueing → Processing → Success and then names a `video_url` directly (a public link: no key).
 * A `callback_url` is called back like V1 video: the challenge, then `processing`, then `success`
 * or `failed`, each post the query answer.
 */

import { ownEntry } from '../../core/errors.js';
import { callbackURL, startCallbacks } from '../callbacks.js';
import { checkImageRef } from '../image-size.js';
import { baseResp } from '../respond.js';
import type { Task } from '../state.js';
import { createTask, findTask, queryTask } from '../tasks.js';
import type { Handler, MockContext, MockRequest } from '../types.js';
import { isObject, type JsonObject } from '../util.js';
import { bodyObject, invalid, optionalArray, requireString } from '../validate.js';
import { fileUrl } from './common.js';
import { v1CallbackLook } from './video.js';

/**
 * The templates the mock knows, with how many inputs of each kind they take. The ids are two of
 * the platform's published ones; their slot counts are the mock's own (the real list says what
 * each real template needs).
 */
export const MOCK_TEMPLATES: Readonly<Record<string, { name: string; media: number; texts: number }>> = {
  '392747428568649728': { name: 'Diving', media: 1, texts: 0 },
  '393769180141805569': { name: 'Run for Life', media: 1, texts: 1 },
};

function inputs(body: Record<string, unknown>, key: string, check: (value: unknown, field: string) => void) {
  const list = optionalArray(body, key) ?? [];
  list.forEach((item, i) => {
    const field = `${key}[${i}]`;
    if (!isObject(item)) invalid(field, 'must be an object');
    check(item.value, `${field}.value`);
  });
  return list.length;
}

/** `POST /v1/video_template_generation`. */
export const videoTemplateCreate: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  const templateId = requireString(body, 'template_id');
  const template = ownEntry(MOCK_TEMPLATES, templateId);
  if (template === undefined) invalid('template_id', `${templateId} is not a known template`);
  const media = inputs(body, 'media_inputs', (value, field) => {
    if (typeof value !== 'string') invalid(field, 'must be a public URL or a data:image/ URL');
    checkImageRef(value, field);
  });
  const texts = inputs(body, 'text_inputs', (value, field) => {
    if (typeof value !== 'string' || value.trim() === '') invalid(field, 'must be non-empty text');
  });
  if (media !== template.media)
    invalid('media_inputs', `${template.name} takes ${template.media} media input(s)`);
  if (texts !== template.texts)
    invalid('text_inputs', `${template.name} takes ${template.texts} text input(s)`);
  const callback = callbackURL(body);

  const taskId = String(ctx.state.nextTaskId());
  const task = createTask(ctx, r.path, {
    id: taskId,
    kind: 'video_template',
    stages: ['Preparing', 'Queueing', 'Processing', 'Success'],
    result: { template_id: templateId },
    produce: () => ({
      filename: `template_${taskId}.mp4`,
      purpose: 'video_generation',
      data: ctx.media.video(6, '768P'),
      contentType: 'video/mp4',
    }),
  });
  if (callback !== undefined) {
    startCallbacks(ctx, callback, task, () => v1CallbackLook(templateView(r, ctx, task)));
  }
  return { task_id: taskId };
};

/** The task as the template query answers it; each call counts as a query (the task advances). */
function templateView(r: MockRequest, ctx: MockContext, task: Task): JsonObject {
  const taskId = task.id;
  const view = queryTask(ctx, task, 'Fail');
  if (view.failure !== undefined) {
    return {
      task_id: taskId,
      status: view.status,
      video_url: '',
      base_resp: baseResp(view.failure.code, view.failure.message),
    };
  }
  if (view.file === undefined) return { task_id: taskId, status: view.status, video_url: '' };
  return {
    task_id: taskId,
    status: view.status,
    video_url: fileUrl(r, view.file.file_id, view.file.filename),
  };
}

/** `GET /v1/query/video_template_generation?task_id=`. */
export const videoTemplateQuery: Handler = (r, ctx) => {
  const taskId = requireString(r.query, 'task_id');
  const task = findTask(ctx, 'video_template', taskId);
  if (task === undefined) invalid('task_id', 'does not name a task');
  return templateView(r, ctx, task);
};
