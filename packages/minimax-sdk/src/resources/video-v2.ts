/**
 * Video V2 (MiniMax-H3: `client.video.v2`): a task API. Create, poll through the one poller, then a
 * result whose `save()` downloads the video from a URL on another host (never with the API key).
 */
import { APIPromise, type WithResponse } from '../core/api-promise.js';
import { buildBody, ownParams } from '../core/body.js';
import { InvalidParameterError, MiniMaxError } from '../core/errors.js';
import type { TaskFailure } from '../core/poll.js';
import {
  createdTaskId,
  guarded,
  idText,
  type JSONBody,
  TaskResource,
  taskIdParam,
} from '../core/resource.js';
import { type RequestOptions, traceIdOf } from '../core/transport.js';
import { isRecord, recordOrEmpty } from '../core/values.js';
import { type Downloader, RemoteVideo } from './remote-video.js';
import { checkV2Content, sendableContent } from './video-v2-content.js';
import type {
  VideoV2CreateParams,
  VideoV2CreateResponse,
  VideoV2DeleteResponse,
  VideoV2ListParams,
  VideoV2ListResponse,
  VideoV2RetrieveResponse,
  VideoV2Task,
  VideoV2TaskRef,
  VideoV2Usage,
} from './video-v2-types.js';

export type * from './video-v2-types.js';

const V2_CREATE_PATH = '/v2/video_generation';
const V2_QUERY_PATH = '/v2/query/video_generation';
const DEFAULT_V2_MODEL = 'MiniMax-H3';

/** A V2 task body read leniently: `task` holds it (or the body itself does). */
function taskOf(body: JSONBody): VideoV2Task {
  const raw = isRecord(body.task) ? body.task : body;
  return {
    ...raw,
    id: idText(raw.id ?? raw.task_id),
    status: typeof raw.status === 'string' ? raw.status : '',
  } as VideoV2Task;
}

function v2Status(body: JSONBody): string {
  return taskOf(body).status;
}

/** A V2 task's failure: `task.error.code` is a MiniMax code sent as text. */
function v2Failure(body: JSONBody): TaskFailure {
  const error = recordOrEmpty(taskOf(body).error);
  const code = Number(error.code ?? 0) || 0;
  return { code, message: typeof error.message === 'string' ? error.message : '' };
}

function urlOf(task: VideoV2Task): string | undefined {
  const url = recordOrEmpty(task.content).url ?? task.video_url;
  return typeof url === 'string' && url !== '' ? url : undefined;
}

/**
 * A finished V2 video. `url` expires (the API hands out short-lived links): `save()` and `bytes()`
 * ask the API for a fresh one when the download says the link is gone, and `refresh()` does so
 * on demand.
 */
export class VideoV2Result extends RemoteVideo {
  readonly task_id: string;
  readonly status: string;
  /** What the API billed. */
  readonly usage: VideoV2Usage | undefined;
  /** The final task as the API described it (the latest one after a refresh). */
  task: VideoV2Task;
  readonly trace_id: string | undefined;
  readonly #requery: () => Promise<VideoV2Task>;

  constructor(init: {
    task: VideoV2Task;
    url: string;
    trace_id?: string | undefined;
    download: Downloader;
    requery: () => Promise<VideoV2Task>;
  }) {
    super(init.url, init.download);
    this.task_id = init.task.id;
    this.status = init.task.status;
    this.usage = isRecord(init.task.usage) ? init.task.usage : undefined;
    this.task = init.task;
    this.trace_id = init.trace_id;
    this.#requery = init.requery;
  }

  protected async _freshURL(): Promise<string> {
    const task = await this.#requery();
    const url = urlOf(task);
    if (url === undefined) {
      throw new MiniMaxError(`Task ${this.task_id} no longer has a video URL (status ${task.status}).`, {
        body: task,
      });
    }
    this.task = task;
    return url;
  }

  toJSON(): Record<string, unknown> {
    return {
      task_id: this.task_id,
      status: this.status,
      url: this.url,
      usage: this.usage,
      trace_id: this.trace_id,
    };
  }
}

function later<T>(run: () => Promise<WithResponse<T>>): APIPromise<T> {
  return new APIPromise(run());
}

/** The list filters as query parameters (`task_ids` comma-separated). */
function listQuery(params: unknown): Record<string, string | number | boolean> {
  const own = params === undefined ? {} : ownParams(params);
  const query: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(own)) {
    if (Array.isArray(value)) query[key] = value.map(String).join(',');
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      query[key] = value;
    else throw new InvalidParameterError(`${key} must be a string, number or list, got ${typeof value}.`);
  }
  return query;
}

/**
 * MiniMax-H3 video (`/v2/video_generation`): prompt plus frames or reference images, videos
 * and audios, checked before any request.
 */
export class VideoV2 extends TaskResource {
  /**
   * Starts a task (`POST /v2/video_generation`). `content` local inputs become data URIs, or are
   * uploaded (purpose `video_generation_input`) and sent as `mm_file://…` when over 8 MiB.
   *
   * @example
   * const { task_id } = await client.video.v2.create({
   *   model: 'MiniMax-H3',
   *   content: [
   *     { type: 'text', text: 'The cat jumps onto the sofa' },
   *     { type: 'image_url', image_url: { url: './cat.png' }, role: 'first_frame' },
   *   ],
   *   duration: 6,
   * });
   */
  create(params: VideoV2CreateParams, options?: RequestOptions): APIPromise<VideoV2CreateResponse> {
    return later(async () => {
      const body = buildBody(params, { defaults: { model: DEFAULT_V2_MODEL } });
      checkV2Content(body.content, body);
      body.content = await sendableContent(body.content as unknown[], (file) => this.#upload(file, options));
      return this._json({
        method: 'POST',
        path: V2_CREATE_PATH,
        body,
        options,
        build: (res) => ({ ...res, task_id: idText(res.task_id) }),
      }).withResponse();
    });
  }

  /**
   * Asks once for a task (`GET /v2/query/video_generation/{task_id}`).
   *
   * @example
   * const { task } = await client.video.v2.retrieve({ task_id });
   * console.log(task.status, task.content?.url);
   */
  retrieve(params: VideoV2TaskRef, options?: RequestOptions): APIPromise<VideoV2RetrieveResponse> {
    return guarded(() => {
      const taskId = taskIdParam(params);
      return this._json({
        method: 'GET',
        path: `${V2_QUERY_PATH}/${encodeURIComponent(taskId)}`,
        options,
        build: (body) => ({ ...body, task: taskOf(body) }),
      });
    });
  }

  /**
   * Lists recent tasks (the last 7 days), filtered by `page`, `status`, `model`, `task_type`,
   * `task_ids`.
   *
   * @example
   * const { tasks } = await client.video.v2.list({ status: 'running', page: 1 });
   */
  list(params: VideoV2ListParams = {}, options?: RequestOptions): APIPromise<VideoV2ListResponse> {
    return guarded(() => {
      const query = listQuery(params);
      return this._json({
        method: 'GET',
        path: V2_QUERY_PATH,
        query,
        options,
        build: (body) => {
          const raw = Array.isArray(body.tasks) ? body.tasks : Array.isArray(body.data) ? body.data : [];
          return { ...body, tasks: raw.filter(isRecord).map(taskOf) };
        },
      });
    });
  }

  /**
   * Cancels a queued task or deletes a finished one (`DELETE /v2/video_generation/{task_id}`).
   *
   * @example
   * await client.video.v2.delete({ task_id });
   */
  delete(params: VideoV2TaskRef, options?: RequestOptions): APIPromise<VideoV2DeleteResponse> {
    return guarded(() => {
      const taskId = taskIdParam(params);
      return this._json({
        method: 'DELETE',
        path: `${V2_CREATE_PATH}/${encodeURIComponent(taskId)}`,
        options,
        build: (body) => ({ ...body, task_id: idText(body.task_id) || taskId }),
      });
    });
  }

  /**
   * Waits for a task created earlier (here, in another process, or by a call that timed out). A
   * `failed` or `cancelled` task throws `TaskFailedError` at once.
   *
   * @example
   * const video = await client.video.v2.wait({ task_id }, { onProgress: (p) => console.log(p.status) });
   * await video.save('out.mp4');
   */
  wait(params: VideoV2TaskRef, options?: RequestOptions): APIPromise<VideoV2Result> {
    return later(async () => this.#finish(taskIdParam(params), options));
  }

  /**
   * Creates a task and waits for it: `create` then `wait`.
   *
   * @example
   * const video = await client.video.v2.generate({
   *   content: [{ type: 'text', text: 'Waves at dawn' }],
   *   ratio: '16:9',
   * });
   * await video.save('waves.mp4');
   */
  generate(params: VideoV2CreateParams, options?: RequestOptions): APIPromise<VideoV2Result> {
    return later(async () => {
      const created = await this.create(params, options);
      return this.#finish(createdTaskId(created, 'video v2'), options, traceIdOf(created));
    });
  }

  async #upload(file: File, options: RequestOptions | undefined): Promise<string> {
    const { signal, timeout, maxRetries, headers } = options ?? {};
    const stored = await this._client.files.upload(
      { file, purpose: 'video_generation_input' },
      { signal, timeout, maxRetries, headers },
    );
    return `mm_file://${stored.file_id}`;
  }

  async #finish(
    taskId: string,
    options: RequestOptions | undefined,
    createTraceId?: string,
  ): Promise<WithResponse<VideoV2Result>> {
    const path = `${V2_QUERY_PATH}/${encodeURIComponent(taskId)}`;
    const final = await this._waitTask(taskId, { method: 'GET', path }, options, {
      statusOf: v2Status,
      failureOf: v2Failure,
    });
    const task = taskOf(final);
    const url = urlOf(task);
    if (url === undefined) {
      throw new MiniMaxError(`Task ${taskId} succeeded but its answer has no video URL.`, {
        trace_id: traceIdOf(final),
        body: final,
      });
    }
    const { signal, timeout, maxRetries } = options ?? {};
    const result = new VideoV2Result({
      task: { ...task, id: task.id || taskId },
      url,
      trace_id: createTraceId || traceIdOf(final) || undefined,
      download: this._downloader(options),
      requery: async () => (await this.retrieve({ task_id: taskId }, { signal, timeout, maxRetries })).task,
    });
    // The poll's own response is not kept by the poller; a fresh Response stands for "no single one".
    return { data: result, response: new Response(null, { status: 200 }) };
  }
}
