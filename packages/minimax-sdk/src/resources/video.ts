import { APIPromise, type WithResponse } from '../core/api-promise.js';
import { buildBody, ownValue } from '../core/body.js';
import { InvalidParameterError } from '../core/errors.js';
import { createdTaskId, guarded, idText, type JSONBody, taskIdParam } from '../core/resource.js';
import { type RequestOptions, traceIdOf } from '../core/transport.js';
import { toNumber } from '../core/values.js';
import { imageDataURI, inlineReferenceImages } from './image-input.js';
import { FileTaskResource } from './tasks.js';
import { VideoTemplates } from './video-templates.js';
import type {
  VideoCreateParams,
  VideoCreateResponse,
  VideoFramesToVideoParams,
  VideoImageToVideoParams,
  VideoQueryParams,
  VideoQueryResponse,
  VideoResult,
  VideoSubjectToVideoParams,
  VideoTextToVideoParams,
  VideoWaitParams,
} from './video-types.js';
import { VideoV2 } from './video-v2.js';

export type * from './video-types.js';

const QUERY_PATH = '/v1/query/video_generation';

/**
 * The create body: every field the caller set (own keys only), the method's defaults, and every
 * image field made sendable (local files and bytes inlined as data URIs).
 */
async function sendable(
  params: unknown,
  defaults: JSONBody = {},
  required?: 'first_frame_image' | 'last_frame_image',
): Promise<JSONBody> {
  const body = buildBody(params, { defaults });
  if (required && body[required] === undefined) throw new InvalidParameterError(`${required} is required.`);
  for (const key of ['first_frame_image', 'last_frame_image'] as const) {
    if (body[key] !== undefined) body[key] = await imageDataURI(body[key], key);
  }
  if (body.subject_reference !== undefined) {
    body.subject_reference = await inlineReferenceImages(
      body.subject_reference,
      'image',
      'subject_reference',
      true,
    );
  }
  return body;
}

/** The defaults of the create-and-wait methods. */
function generateDefaults(model: string): JSONBody {
  return { model, prompt_optimizer: true, fast_pretreatment: false, duration: 6 };
}

/**
 * Video generation: `create`/`query` for the raw task API, and four methods that create, wait and
 * resolve the download URL in one call.
 */
export class Video extends FileTaskResource {
  /** Its key on a client (`client.video`), and in `createClient`'s `resources`. */
  static readonly resourceKey = 'video';

  /** MiniMax-H3 on the V2 API: frames, reference images/videos/audios, list and delete. */
  readonly v2: VideoV2 = new VideoV2(this._client);
  /** Video Agent templates: a template id plus its inputs, ending in a `video_url`. */
  readonly templates: VideoTemplates = new VideoTemplates(this._client);

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
      return this._json({
        method: 'GET',
        path: QUERY_PATH,
        query: { task_id },
        options,
        build: (body) => {
          const result: JSONBody = { ...body, status: typeof body.status === 'string' ? body.status : '' };
          if (body.file_id !== undefined && body.file_id !== null) result.file_id = idText(body.file_id);
          return result as unknown as VideoQueryResponse;
        },
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
    return this.#generate(() => sendable(params, generateDefaults('MiniMax-Hailuo-2.3')), options);
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
      () => sendable(params, generateDefaults('MiniMax-Hailuo-2.3'), 'first_frame_image'),
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
      () => sendable(params, generateDefaults('MiniMax-Hailuo-02'), 'last_frame_image'),
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
      const references = ownValue(params, 'subject_reference');
      if (!Array.isArray(references) || references.length === 0) {
        throw new InvalidParameterError('subject_reference must be a non-empty list.');
      }
      return sendable(params, { model: 'S2V-01', prompt_optimizer: true });
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
    return this._json({
      method: 'POST',
      path: '/v1/video_generation',
      body,
      options,
      build: (res) => ({
        ...res,
        task_id: idText(res.task_id),
      }),
    });
  }

  #generate(build: () => Promise<Record<string, unknown>>, options: RequestOptions | undefined) {
    return this.#later(async () => {
      const created = await this.#submit(await build(), options);
      return this.#finish(createdTaskId(created, 'video'), options, traceIdOf(created));
    });
  }

  #finish(taskId: string, options: RequestOptions | undefined, createTraceId?: string) {
    return this._finishFileTask<VideoResult>(QUERY_PATH, taskId, options, createTraceId, (task) => ({
      download_url: task.file.download_url ?? null,
      video_width: toNumber(task.final.video_width),
      video_height: toNumber(task.final.video_height),
    }));
  }
}
