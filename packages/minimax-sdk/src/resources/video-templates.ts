/**
 * Video Agent templates (`client.video.templates`): a template id plus its text and media inputs
 * make a task; the task is waited on by the one poller and ends in a `video_url` on another host.
 */
import { APIPromise, type WithResponse } from '../core/api-promise.js';
import { buildBody } from '../core/body.js';
import { InvalidParameterError, MiniMaxError } from '../core/errors.js';
import {
  createdTaskId,
  guarded,
  idText,
  type JSONBody,
  TaskResource,
  taskIdParam,
} from '../core/resource.js';
import { type RequestOptions, traceIdOf } from '../core/transport.js';
import { isRecord } from '../core/values.js';
import { imageDataURI } from './image-input.js';
import { type Downloader, RemoteVideo } from './remote-video.js';
import type {
  VideoTemplateCreateParams,
  VideoTemplateCreateResponse,
  VideoTemplateQueryResponse,
  VideoTemplateTaskRef,
} from './video-templates-types.js';

export type * from './video-templates-types.js';

const CREATE_PATH = '/v1/video_template_generation';
const QUERY_PATH = '/v1/query/video_template_generation';

function videoURLOf(body: JSONBody): string | undefined {
  return typeof body.video_url === 'string' && body.video_url !== '' ? body.video_url : undefined;
}

/**
 * A finished template video: `video_url` (also `url`), `save(path)` and `bytes()`, which fetch it
 * without the API key and ask the task again once if the link was refused.
 */
export class VideoTemplateResult extends RemoteVideo {
  readonly task_id: string;
  readonly status: string;
  /** The final query answer (the latest one after a refresh). */
  task: VideoTemplateQueryResponse;
  readonly trace_id: string | undefined;
  readonly #requery: () => Promise<VideoTemplateQueryResponse>;

  constructor(init: {
    task_id: string;
    task: VideoTemplateQueryResponse;
    url: string;
    trace_id?: string | undefined;
    download: Downloader;
    requery: () => Promise<VideoTemplateQueryResponse>;
  }) {
    super(init.url, init.download);
    this.task_id = init.task_id;
    this.status = init.task.status;
    this.task = init.task;
    this.trace_id = init.trace_id;
    this.#requery = init.requery;
  }

  /** The MP4's URL as the API named it (the same as `url`). */
  get video_url(): string {
    return this.url;
  }

  protected async _freshURL(): Promise<string> {
    const task = await this.#requery();
    const url = videoURLOf(task);
    if (url === undefined) {
      throw new MiniMaxError(
        `Template task ${this.task_id} no longer has a video URL (status ${task.status}).`,
        {
          body: task,
        },
      );
    }
    this.task = task;
    return url;
  }

  toJSON(): Record<string, unknown> {
    return { task_id: this.task_id, status: this.status, video_url: this.url, trace_id: this.trace_id };
  }
}

/** `text_inputs` / `media_inputs` checked to be lists of `{ value }` (undefined when unset). */
function inputList(body: JSONBody, key: string): JSONBody[] | undefined {
  const list = body[key];
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || !list.every((item) => isRecord(item) && item.value !== undefined)) {
    throw new InvalidParameterError(`${key} must be a list of { value } objects.`);
  }
  return list as JSONBody[];
}

/** The create body: every field the caller set; local media inputs become data URIs. */
async function sendable(params: unknown): Promise<JSONBody> {
  const body = buildBody(params);
  if (typeof body.template_id === 'number') {
    // Template ids are wider than a double holds exactly: a number may already be another id.
    if (!Number.isSafeInteger(body.template_id)) {
      throw new InvalidParameterError('template_id must be a string (this number is too large to be exact).');
    }
    body.template_id = idText(body.template_id);
  }
  if (typeof body.template_id !== 'string' || body.template_id.trim() === '') {
    throw new InvalidParameterError('template_id is required (the id from the Video Agent Template List).');
  }
  const texts = inputList(body, 'text_inputs');
  texts?.forEach((item, i) => {
    if (typeof item.value !== 'string')
      throw new InvalidParameterError(`text_inputs[${i}].value must be text.`);
  });
  const media = inputList(body, 'media_inputs');
  if (media !== undefined) {
    body.media_inputs = await Promise.all(
      media.map(async (item, i) => ({
        ...item,
        value: await imageDataURI(item.value, `media_inputs[${i}].value`),
      })),
    );
  }
  return body;
}

/**
 * Video Agent templates: `create`/`query` for the raw task API, `wait` for a task created
 * earlier (here or in another process), `generate` for both in one call.
 */
export class VideoTemplates extends TaskResource {
  /**
   * Starts a template task (`POST /v1/video_template_generation`).
   *
   * @example
   * const { task_id } = await client.video.templates.create({
   *   template_id: '392747428568649728',
   *   media_inputs: [{ value: './me.jpg' }],
   * });
   */
  create(
    params: VideoTemplateCreateParams,
    options?: RequestOptions,
  ): APIPromise<VideoTemplateCreateResponse> {
    return new APIPromise(
      (async () =>
        this._json({
          method: 'POST',
          path: CREATE_PATH,
          body: await sendable(params),
          options,
          build: (res) => ({ ...res, task_id: idText(res.task_id) }),
        }).withResponse())(),
    );
  }

  /**
   * Asks once for a task's status (`GET /v1/query/video_template_generation?task_id=`).
   *
   * @example
   * const { status, video_url } = await client.video.templates.query({ task_id });
   */
  query(params: VideoTemplateTaskRef, options?: RequestOptions): APIPromise<VideoTemplateQueryResponse> {
    return guarded(() => {
      const task_id = taskIdParam(params);
      return this._json({
        method: 'GET',
        path: QUERY_PATH,
        query: { task_id },
        options,
        build: (body) =>
          ({
            ...body,
            status: typeof body.status === 'string' ? body.status : '',
          }) as VideoTemplateQueryResponse,
      });
    });
  }

  /**
   * Waits for a task created earlier (by `create`, another process, or a call that timed out):
   * `pollInterval`, `pollTimeout`, `signal`, `onProgress` in options. A `Fail` status throws
   * `TaskFailedError` on the poll that sees it.
   *
   * @example
   * const video = await client.video.templates.wait({ task_id }, { onProgress: (p) => console.log(p.status) });
   * await video.save('diving.mp4');
   */
  wait(params: VideoTemplateTaskRef, options?: RequestOptions): APIPromise<VideoTemplateResult> {
    return new APIPromise((async () => this.#finish(taskIdParam(params), options))());
  }

  /**
   * Creates a template task and waits for it: `create` then `wait`.
   *
   * @example
   * const video = await client.video.templates.generate({
   *   template_id: '393769180141805569',
   *   media_inputs: [{ value: 'https://example.com/runner.jpg' }],
   *   text_inputs: [{ value: 'Run for Life' }],
   * });
   * await video.save('run.mp4');
   */
  generate(params: VideoTemplateCreateParams, options?: RequestOptions): APIPromise<VideoTemplateResult> {
    return new APIPromise(
      (async () => {
        const created = await this.create(params, options);
        return this.#finish(createdTaskId(created, 'video template'), options, traceIdOf(created));
      })(),
    );
  }

  async #finish(
    taskId: string,
    options: RequestOptions | undefined,
    createTraceId?: string,
  ): Promise<WithResponse<VideoTemplateResult>> {
    // Templates report like V1 video (`status`, failures in `base_resp`): the poller's default kind.
    const final = await this._wait(QUERY_PATH, taskId, options);
    const url = videoURLOf(final);
    if (url === undefined) {
      throw new MiniMaxError(`Template task ${taskId} succeeded but its answer has no video_url.`, {
        trace_id: traceIdOf(final),
        body: final,
      });
    }
    const { signal, timeout, maxRetries } = options ?? {};
    const result = new VideoTemplateResult({
      task_id: taskId,
      task: { ...final, status: typeof final.status === 'string' ? final.status : 'Success' },
      url,
      trace_id: createTraceId || traceIdOf(final) || undefined,
      download: this._downloader(options),
      requery: () => this.query({ task_id: taskId }, { signal, timeout, maxRetries }),
    });
    return { data: result, response: new Response(null, { status: 200 }) };
  }
}
