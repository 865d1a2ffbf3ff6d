import { APIPromise, type WithResponse } from '../core/api-promise.js';
import { toBase64 } from '../core/bytes.js';
import { InvalidParameterError } from '../core/errors.js';
import {
  APIResource,
  compact,
  createdTaskId,
  guarded,
  idText,
  type JSONBody,
  taskIdParam,
} from '../core/resource.js';
import { type RequestOptions, traceIdOf } from '../core/transport.js';
import { toFile } from '../core/uploads.js';
import { toNumber } from '../core/values.js';
import { imageTypeOf } from './image.js';
import type {
  VideoCreateParams,
  VideoCreateResponse,
  VideoFramesToVideoParams,
  VideoImageInput,
  VideoImageToVideoParams,
  VideoQueryParams,
  VideoQueryResponse,
  VideoResult,
  VideoSubjectReference,
  VideoSubjectToVideoParams,
  VideoTextToVideoParams,
  VideoWaitParams,
} from './video-types.js';

export type * from './video-types.js';

const QUERY_PATH = '/v1/query/video_generation';

/**
 * An image as the API takes it: URLs and data URIs go as they are; anything local is read and
 * inlined as a base64 data URI, typed by its magic bytes (else by its name).
 */
async function imageURI(value: VideoImageInput | undefined | null, name: string): Promise<string> {
  if (value === undefined || value === null) throw new InvalidParameterError(`${name} is required.`);
  if (typeof value === 'string') {
    if (value.trim() === '') throw new InvalidParameterError(`${name} is empty.`);
    if (/^\s*(https?:\/\/|data:)/i.test(value)) return value.trim();
  }
  const file = await toFile(value);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.byteLength === 0) throw new InvalidParameterError(`${name} is an empty file.`);
  const type = imageTypeOf(bytes)?.mime ?? (file.type || 'application/octet-stream');
  return `data:${type};base64,${toBase64(bytes)}`;
}

async function subjectURIs(
  references: VideoSubjectReference[] | undefined,
  name: string,
): Promise<VideoSubjectReference[] | undefined> {
  if (!Array.isArray(references)) return references;
  return Promise.all(
    references.map(async (reference, i) => {
      if (!reference || typeof reference !== 'object') return reference;
      const images = Array.isArray(reference.image) ? reference.image : [reference.image];
      return {
        ...reference,
        image: await Promise.all(images.map((image, j) => imageURI(image, `${name}[${i}].image[${j}]`))),
      };
    }),
  );
}

/** The create body with every image field made sendable; other keys untouched, order kept. */
async function sendable(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  // Unset (null/undefined) keys are never sent, as everywhere else.
  const out: Record<string, unknown> = compact(body);
  for (const key of ['first_frame_image', 'last_frame_image'] as const) {
    if (out[key] !== undefined && out[key] !== null) {
      out[key] = await imageURI(out[key] as VideoImageInput, key);
    }
  }
  if (out.subject_reference !== undefined && out.subject_reference !== null) {
    out.subject_reference = await subjectURIs(
      out.subject_reference as VideoSubjectReference[],
      'subject_reference',
    );
  }
  return out;
}

/**
 * Video generation: `create`/`query` for the raw task API, and four methods that create, wait and
 * resolve the download URL in one call.
 */
export class Video extends APIResource {
  /**
   * Starts a generation task (`POST /v1/video_generation`) and returns the raw answer with its
   * `task_id`. The params are the request body, sent as given (image fields may be local files).
   *
   * @example
   * const { task_id } = await client.video.create({ model: 'MiniMax-Hailuo-02', prompt: 'A cat surfing', duration: 6 });
   * const video = await client.video.wait({ task_id });
   */
  create(params: VideoCreateParams, options?: RequestOptions): APIPromise<VideoCreateResponse> {
    return this.#later(async () => this.#submit(await sendable(params), options).withResponse());
  }

  /**
   * Asks once for a task's status (`GET /v1/query/video_generation?task_id=`).
   *
   * @example
   * const { status, file_id } = await client.video.query({ task_id });
   */
  query(params: VideoQueryParams, options?: RequestOptions): APIPromise<VideoQueryResponse> {
    return guarded(() => {
      const task_id = taskIdParam(params);
      return this._json('GET', QUERY_PATH, { query: { task_id } }, options, (body) => {
        const result: JSONBody = { ...body, status: typeof body.status === 'string' ? body.status : '' };
        if (body.file_id !== undefined && body.file_id !== null) result.file_id = idText(body.file_id);
        return result as unknown as VideoQueryResponse;
      });
    });
  }

  /**
   * Text to video: creates the task, waits for it (`pollInterval`, `pollTimeout`, `signal`,
   * `onProgress` in options) and resolves the download URL.
   *
   * @example
   * const video = await client.video.textToVideo(
   *   { prompt: 'A red fox running through snow [Tracking shot]', model: 'MiniMax-Hailuo-02', resolution: '768P' },
   *   { onProgress: (p) => console.log(p.status) },
   * );
   * console.log(video.download_url);
   */
  textToVideo(params: VideoTextToVideoParams, options?: RequestOptions): APIPromise<VideoResult> {
    return this.#generate(
      async () => ({
        model: params.model ?? 'MiniMax-Hailuo-2.3',
        prompt: params.prompt,
        prompt_optimizer: params.prompt_optimizer ?? true,
        fast_pretreatment: params.fast_pretreatment ?? false,
        duration: params.duration ?? 6,
        ...compact({ resolution: params.resolution, callback_url: params.callback_url }),
      }),
      options,
    );
  }

  /**
   * Image to video: animates `first_frame_image` (a URL, a data URI, or a local file / bytes sent
   * as a data URI), then waits and resolves the download URL.
   *
   * @example
   * const video = await client.video.imageToVideo({ first_frame_image: 'photo.jpg', prompt: 'She smiles' });
   */
  imageToVideo(params: VideoImageToVideoParams, options?: RequestOptions): APIPromise<VideoResult> {
    return this.#generate(
      async () => ({
        model: params.model ?? 'MiniMax-Hailuo-2.3',
        ...compact({ prompt: params.prompt }),
        prompt_optimizer: params.prompt_optimizer ?? true,
        fast_pretreatment: params.fast_pretreatment ?? false,
        duration: params.duration ?? 6,
        ...compact({ resolution: params.resolution, callback_url: params.callback_url }),
        first_frame_image: await imageURI(params.first_frame_image, 'first_frame_image'),
      }),
      options,
    );
  }

  /**
   * First and last frame to video (`MiniMax-Hailuo-02` by default): the video ends on
   * `last_frame_image` and, when given, starts on `first_frame_image`.
   *
   * @example
   * const video = await client.video.framesToVideo({ first_frame_image: 'a.png', last_frame_image: 'b.png' });
   */
  framesToVideo(params: VideoFramesToVideoParams, options?: RequestOptions): APIPromise<VideoResult> {
    return this.#generate(
      async () => ({
        model: params.model ?? 'MiniMax-Hailuo-02',
        ...compact({ prompt: params.prompt }),
        prompt_optimizer: params.prompt_optimizer ?? true,
        fast_pretreatment: params.fast_pretreatment ?? false,
        duration: params.duration ?? 6,
        ...compact({
          resolution: params.resolution,
          callback_url: params.callback_url,
          first_frame_image:
            params.first_frame_image === undefined || params.first_frame_image === null
              ? undefined
              : await imageURI(params.first_frame_image, 'first_frame_image'),
        }),
        last_frame_image: await imageURI(params.last_frame_image, 'last_frame_image'),
      }),
      options,
    );
  }

  /**
   * Subject reference to video (`S2V-01`): keeps a character's likeness from one reference image.
   *
   * @example
   * const video = await client.video.subjectToVideo({
   *   subject_reference: [{ type: 'character', image: ['https://example.com/face.jpg'] }],
   *   prompt: 'The woman walks along a beach at sunset',
   * });
   */
  subjectToVideo(params: VideoSubjectToVideoParams, options?: RequestOptions): APIPromise<VideoResult> {
    return this.#generate(async () => {
      if (!Array.isArray(params.subject_reference) || params.subject_reference.length === 0) {
        throw new InvalidParameterError('subject_reference must be a non-empty list.');
      }
      return {
        model: params.model ?? 'S2V-01',
        ...compact({ prompt: params.prompt }),
        prompt_optimizer: params.prompt_optimizer ?? true,
        ...compact({ callback_url: params.callback_url }),
        subject_reference: await subjectURIs(params.subject_reference, 'subject_reference'),
      };
    }, options);
  }

  /**
   * Waits for a task created earlier (by `create`, another process, or a timed-out call) and
   * resolves its download URL.
   *
   * @example
   * const video = await client.video.wait({ task_id }, { pollInterval: 10_000, pollTimeout: 900_000 });
   */
  wait(params: VideoWaitParams, options?: RequestOptions): APIPromise<VideoResult> {
    return this.#later(async () => this.#finish(taskIdParam(params), options));
  }

  /** Runs async work as an `APIPromise`, so failures before the request reject (never throw). */
  #later<T>(run: () => Promise<WithResponse<T>>): APIPromise<T> {
    return new APIPromise(run());
  }

  #submit(
    body: Record<string, unknown>,
    options: RequestOptions | undefined,
  ): APIPromise<VideoCreateResponse> {
    return this._json('POST', '/v1/video_generation', { body }, options, (res) => ({
      ...res,
      task_id: idText(res.task_id),
    }));
  }

  #generate(build: () => Promise<Record<string, unknown>>, options: RequestOptions | undefined) {
    return this.#later(async () => {
      const created = await this.#submit(await build(), options);
      return this.#finish(createdTaskId(created, 'video'), options, traceIdOf(created));
    });
  }

  async #finish(
    taskId: string,
    options: RequestOptions | undefined,
    createTraceId?: string,
  ): Promise<WithResponse<VideoResult>> {
    const task = await this._waitForFile(QUERY_PATH, taskId, options, createTraceId);
    const result: VideoResult = {
      task_id: taskId,
      status: task.status,
      file_id: task.file_id,
      download_url: task.file.download_url ?? null,
      video_width: toNumber(task.final.video_width),
      video_height: toNumber(task.final.video_height),
    };
    if (task.trace_id) result.trace_id = task.trace_id;
    return { data: result, response: task.response };
  }
}
