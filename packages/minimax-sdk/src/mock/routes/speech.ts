/**
 * Speech over HTTP: `POST /v1/t2a_v2` (JSON or SSE) and the long-text task pair
 * `POST /v1/t2a_async_v2` / `GET /v1/query/t2a_async_query_v2`.
 */

import { baseResp, HEX_SLOT } from '../respond.js';
import {
  checkInvisible,
  type SpeechSettings,
  SUBTITLE_TYPES,
  type SubtitleType,
  speechExtraInfo,
  speechSettings,
  speechText,
  subtitles,
  synthesize,
} from '../speech-core.js';
import { createTask, findTask, queryTask } from '../tasks.js';
import type { Handler, MockContext, MockRequest } from '../types.js';
import { characterCount, contentTypeFor, type JsonObject } from '../util.js';
import {
  bodyObject,
  invalid,
  optionalBoolean,
  optionalObject,
  optionalString,
  requireId,
} from '../validate.js';
import { audioDelivery, audioPayload, publish, writeAudioSse } from './common.js';

/** `POST /v1/t2a_v2`. */
export const t2a: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  const { stream, outputFormat } = audioDelivery(body);
  const settings = speechSettings(body, ctx, { streaming: stream });
  const text = speechText(body, 10_000);
  const wantSubtitles = optionalBoolean(body, 'subtitle_enable') ?? false;
  const subtitleType = (optionalString(body, 'subtitle_type', { oneOf: SUBTITLE_TYPES }) ??
    'sentence') as SubtitleType;
  optionalBoolean(body, 'continuous_sound');
  const clip = synthesize(ctx, text, settings);
  const extraInfo = speechExtraInfo(text, clip);
  const subtitleFile = wantSubtitles ? subtitleUrl(r, ctx, text, clip.durationMs, subtitleType) : undefined;
  const data = (audio: string): JsonObject =>
    subtitleFile === undefined ? { audio, status: 2 } : { audio, status: 2, subtitle_file: subtitleFile };

  if (stream) {
    const exclude = optionalObject(body, 'stream_options').exclude_aggregated_audio === true;
    return writeAudioSse(r, ctx, clip, { data: data(exclude ? '' : HEX_SLOT), extra_info: extraInfo });
  }
  return audioPayload(r, ctx, clip, outputFormat, (audio) => ({ data: data(audio), extra_info: extraInfo }));
};

/** Publishes a clip's subtitle file (sentence or word entries) and returns its URL. */
export function subtitleUrl(
  r: Pick<MockRequest, 'origin'>,
  ctx: MockContext,
  text: string,
  durationMs: number,
  type: SubtitleType,
): string {
  const { id, json } = subtitles(text, durationMs, type);
  return publish(r, ctx, id, Buffer.from(json), 'application/json');
}

/** `POST /v1/t2a_async_v2`: creates a long-text task; its audio becomes a `t2a_async` file on success. */
export const t2aAsyncCreate: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  const settings = speechSettings(body, ctx, { streaming: false, longText: true });
  const text = longText(body, ctx);
  const taskId = ctx.state.nextTaskId();
  const fileId = ctx.state.nextFileId();
  createTask(ctx, r.path, {
    id: String(taskId),
    kind: 't2a_async',
    stages: ['Processing', 'Success'],
    fileId,
    result: {},
    produce: () => outputFile(ctx, taskId, text, settings),
  });
  return {
    task_id: taskId,
    task_token: `mock-task-token-${taskId}`,
    file_id: fileId,
    usage_characters: characterCount(text),
  };
};

/** The text of a long-text task: inline `text`, or the UTF-8 content of a `t2a_async_input` file. */
function longText(body: JsonObject, ctx: MockContext): string {
  if (body.text !== undefined && body.text !== null) return speechText(body, 50_000);
  if (body.text_file_id === undefined || body.text_file_id === null)
    invalid('text', 'or text_file_id is required');
  const file = ctx.state.files.get(requireId(body, 'text_file_id'));
  if (file === undefined || file.purpose !== 't2a_async_input') {
    invalid('text_file_id', 'does not name a file uploaded with purpose t2a_async_input');
  }
  const text = Buffer.from(file.data).toString('utf8');
  if (characterCount(text) > 100_000) invalid('text_file_id', 'content must be at most 100000 characters');
  checkInvisible(text);
  return text;
}

function outputFile(ctx: MockContext, taskId: number, text: string, settings: SpeechSettings) {
  const clip = synthesize(ctx, text, settings);
  const filename = `${taskId}.${clip.format}`;
  return { filename, purpose: 't2a_async', data: clip.bytes, contentType: contentTypeFor(filename) };
}

/** `GET /v1/query/t2a_async_query_v2?task_id=`. */
export const t2aAsyncQuery: Handler = (r, ctx) => {
  const taskId = requireId(r.query, 'task_id');
  const task = findTask(ctx, 't2a_async', String(taskId));
  if (task === undefined) invalid('task_id', 'does not name a task');
  const view = queryTask(ctx, task, 'Failed');
  return {
    task_id: taskId,
    status: view.status,
    file_id: task.fileId,
    ...(view.failure === undefined ? {} : { base_resp: baseResp(view.failure.code, view.failure.message) }),
  };
};
