/**
 * Video generation: `POST /v1/video_generation` creates a task, `GET /v1/query/video_generation`
 * moves it through Preparing → Queueing → Processing → Success and stores the MP4 as a
 * `video_generation` file.
 */

import { ownEntry } from '../../core/errors.js';
import { type CallbackLook, callbackURL, startCallbacks } from '../callbacks.js';
import { checkImageRef, imageSize } from '../image-size.js';
import { resolutionSize } from '../media.js';
import { baseResp } from '../respond.js';
import type { Task } from '../state.js';
import { createTask, findTask, queryTask } from '../tasks.js';
import type { Handler, MockContext } from '../types.js';
import { isObject, type JsonObject } from '../util.js';
import {
  bodyObject,
  invalid,
  optionalArray,
  optionalBoolean,
  optionalNumber,
  optionalString,
  requireString,
} from '../validate.js';

const RESOLUTIONS = ['512P', '720P', '768P', '1080P'];
/** The image-to-video-only models: the platform lists them for that mode alone. */
const FIRST_FRAME_MODELS = new Set(['MiniMax-Hailuo-2.3-Fast', 'I2V-01', 'I2V-01-Director', 'I2V-01-live']);
/** Models the platform names that have no first-and-last-frame mode (only Hailuo-02 has it). */
const NO_LAST_FRAME_MODELS = new Set([
  'MiniMax-Hailuo-2.3',
  'MiniMax-Hailuo-2.3-Fast',
  'T2V-01',
  'T2V-01-Director',
  'I2V-01',
  'I2V-01-Director',
  'I2V-01-live',
  'S2V-01',
]);
/** The resolutions the documented models render; 512P is Hailuo-02 image to video only. */
const MODEL_RESOLUTIONS: Record<string, readonly string[]> = {
  'MiniMax-Hailuo-02': ['512P', '768P', '1080P'],
  'MiniMax-Hailuo-2.3': ['768P', '1080P'],
  'MiniMax-Hailuo-2.3-Fast': ['768P', '1080P'],
  'T2V-01': ['720P'],
  'T2V-01-Director': ['720P'],
  'I2V-01': ['720P'],
  'I2V-01-Director': ['720P'],
  'I2V-01-live': ['720P'],
  'S2V-01': ['720P'],
};
/** First and last frames: JPG, JPEG, PNG or WebP, under 20 MB. */
const FRAME_RULE = {
  types: ['image/jpeg', 'image/jpg', 'image/png', 'image/webp'],
  typeNames: 'JPG, JPEG, PNG or WebP',
  maxMB: 20,
};

function checkImage(value: string | undefined, field: string): void {
  if (value !== undefined) checkImageRef(value, field);
}

/**
 * A first or last frame: a public URL (the mock cannot fetch it), or a data URL held to the
 * platform's rules: JPG, JPEG, PNG or WebP, under 20 MB, the short side over 300 px and the aspect
 * between 2:5 and 5:2. Bytes whose size the mock cannot read are let through, as it decodes no image.
 */
function checkFrame(value: string | undefined, field: string): void {
  const bytes = value === undefined ? undefined : checkImageRef(value, field, FRAME_RULE);
  if (bytes === undefined) return;
  const size = imageSize(bytes);
  if (size === undefined) return;
  const short = Math.min(size.width, size.height);
  const long = Math.max(size.width, size.height);
  if (short <= 300) invalid(field, `must be over 300 px on its short side (${size.width}x${size.height})`);
  if (long / short > 2.5)
    invalid(field, `must have an aspect ratio between 2:5 and 5:2 (${size.width}x${size.height})`);
}

/** `POST /v1/video_generation`. */
export const videoCreate: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  const model = requireString(body, 'model');
  const prompt = optionalString(body, 'prompt', { max: 2000 });
  const first = optionalString(body, 'first_frame_image');
  const last = optionalString(body, 'last_frame_image');
  checkFrame(first, 'first_frame_image');
  checkFrame(last, 'last_frame_image');
  const subjects = optionalArray(body, 'subject_reference');
  subjects?.forEach((s, i) => {
    const field = `subject_reference[${i}]`;
    if (!isObject(s)) invalid(field, 'must be an object');
    if (s.type !== 'character') invalid(`${field}.type`, 'must be character');
    const images = s.image;
    if (!Array.isArray(images) || images.length !== 1 || typeof images[0] !== 'string') {
      invalid(`${field}.image`, 'must be an array of one image');
    }
    checkImage(images[0], `${field}.image[0]`);
  });
  if (model.startsWith('S2V') && subjects === undefined)
    invalid('subject_reference', 'is required for S2V models');
  if (prompt === undefined && first === undefined && last === undefined && subjects === undefined) {
    invalid('prompt', 'is required');
  }
  // Model ids drift: only the documented models are held to their modes, a new one takes any.
  if (FIRST_FRAME_MODELS.has(model) && first === undefined)
    invalid('first_frame_image', `is required for ${model} (image to video only)`);
  if (NO_LAST_FRAME_MODELS.has(model) && last !== undefined)
    invalid('last_frame_image', `is not supported by ${model} (first and last frame: MiniMax-Hailuo-02)`);
  optionalBoolean(body, 'prompt_optimizer');
  optionalBoolean(body, 'fast_pretreatment');
  const hailuo = model.startsWith('MiniMax-Hailuo');
  const resolution = optionalString(body, 'resolution', { oneOf: RESOLUTIONS }) ?? (hailuo ? '768P' : '720P');
  // Own keys only: a model named `constructor` is one the mock does not know, not Object's member.
  const resolutions = ownEntry(MODEL_RESOLUTIONS, model);
  if (resolutions !== undefined && !resolutions.includes(resolution))
    invalid('resolution', `must be one of ${resolutions.join(', ')} for ${model}`);
  if (model === 'MiniMax-Hailuo-02' && resolution === '512P' && (first === undefined || last !== undefined))
    invalid('resolution', `512P is for ${model} image to video only (a first frame, no last frame)`);
  const duration = optionalNumber(body, 'duration', { oneOf: [6, 10] }) ?? 6;
  if (duration === 10 && !(hailuo && (resolution === '768P' || resolution === '512P'))) {
    invalid('duration', `10 is not available for ${model} at ${resolution}`);
  }

  const callback = callbackURL(body);
  const taskId = String(ctx.state.nextTaskId());
  const { width, height } = resolutionSize(resolution);
  const task = createTask(ctx, r.path, {
    id: taskId,
    kind: 'video',
    stages: ['Preparing', 'Queueing', 'Processing', 'Success'],
    result: { video_width: width, video_height: height },
    produce: () => ({
      filename: `output_${taskId}.mp4`,
      purpose: 'video_generation',
      data: ctx.media.video(duration, resolution),
      contentType: 'video/mp4',
    }),
  });
  if (callback !== undefined) startCallbacks(ctx, callback, task, () => v1CallbackLook(v1View(ctx, task)));
  return { task_id: taskId };
};

/** The task as the V1 query describes it (`count`: whether this look counts as a poll). */
function v1View(ctx: MockContext, task: Task, count = true): JsonObject {
  const view = queryTask(ctx, task, 'Fail', count);
  if (view.failure !== undefined) {
    return {
      task_id: task.id,
      status: view.status,
      file_id: '',
      base_resp: baseResp(view.failure.code, view.failure.message),
    };
  }
  if (view.file === undefined) return { task_id: task.id, status: view.status, file_id: '' };
  return { task_id: task.id, status: view.status, file_id: String(view.file.file_id), ...task.result };
}

/** The query's statuses as V1 callbacks spell them: `processing`, `success`, `failed`. */
export function v1CallbackStatus(status: string): 'processing' | 'success' | 'failed' {
  if (status === 'Success') return 'success';
  if (status === 'Fail') return 'failed';
  return 'processing';
}

/**
 * A V1 callback post: the query answer with the status in lower case. Video Agent templates post
 * the same way (their query answer carries `video_url` instead of `file_id`).
 */
export function v1CallbackLook(answer: JsonObject): CallbackLook {
  const status = v1CallbackStatus(String(answer.status));
  return {
    status,
    final: status !== 'processing',
    body: { base_resp: baseResp(), ...answer, status },
  };
}

/** `GET /v1/query/video_generation?task_id=`; `file_id` is a string here, as the real API sends it. */
export const videoQuery: Handler = (r, ctx) => {
  const taskId = requireString(r.query, 'task_id');
  const task = findTask(ctx, 'video', taskId);
  if (task === undefined) invalid('task_id', 'does not name a task');
  return v1View(ctx, task);
};
