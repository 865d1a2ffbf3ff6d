import { APIPromise } from '../core/api-promise.js';
import { buildBody } from '../core/body.js';
import { decodeBase64 } from '../core/bytes.js';
import { fileWriteError, InvalidParameterError, MiniMaxError } from '../core/errors.js';
import { type StagedFile, stageFile } from '../core/node-fs.js';
import { APIResource, idText, type JSONBody } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import { recordOrEmpty, toNumber, withTraceId } from '../core/values.js';
import { imageTypeOf, inlineReferenceImages } from './image-input.js';
import type { ImageGenerateParams } from './image-types.js';

export { imageTypeOf } from './image-input.js';
export type * from './image-types.js';

function strings(value: unknown): string[] | null {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
}

export interface ImageResultInit {
  id: string;
  image_urls: string[] | null;
  image_base64: string[] | null;
  success_count: number;
  failed_count: number;
  trace_id?: string | undefined;
  /** Fetches an image URL without the API key. */
  download?: (url: string) => Promise<Uint8Array>;
}

/**
 * Generated images: URLs (`response_format: 'url'`, valid 24 h) or base64, with `images()` to get
 * the bytes either way and `save(dir)` to write them.
 *
 * @example
 * const result = await client.image.generate({ prompt: 'A lighthouse at dawn', n: 2 });
 * const paths = await result.save('out'); // out/image_0.jpeg, out/image_1.jpeg
 */
export class ImageResult {
  /** The generation id. */
  id: string;
  /** Image links when `response_format` was `url`, else `null`. */
  image_urls: string[] | null;
  /** Base64 images when `response_format` was `base64`, else `null`. */
  image_base64: string[] | null;
  /** Images made. */
  success_count: number;
  /** Images withheld (e.g. by the safety filter); a partial success is still a success. */
  failed_count: number;
  trace_id?: string;
  readonly #download: ((url: string) => Promise<Uint8Array>) | undefined;
  #images: Uint8Array[] | undefined;

  constructor(init: ImageResultInit) {
    this.id = init.id;
    this.image_urls = init.image_urls;
    this.image_base64 = init.image_base64;
    this.success_count = init.success_count;
    this.failed_count = init.failed_count;
    withTraceId(this, init.trace_id);
    this.#download = init.download;
  }

  /**
   * The image bytes: decoded from base64, or downloaded from the URLs (without the API key).
   *
   * @example
   * const [first] = await result.images();
   */
  async images(): Promise<Uint8Array[]> {
    if (this.#images) return this.#images;
    if (this.image_base64 && this.image_base64.length > 0) {
      this.#images = this.image_base64.map((text, i) => decodeBase64(text, `image_base64[${i}]`));
    } else if (this.image_urls && this.image_urls.length > 0) {
      const download = this.#download;
      if (!download) throw new MiniMaxError('This image result has URLs but no way to download them.');
      this.#images = await Promise.all(this.image_urls.map((url) => download(url)));
    } else {
      this.#images = [];
    }
    return this.#images;
  }

  /**
   * Writes every image into `dir` (created if missing) as `image_0.<ext>`, `image_1.<ext>`, …;
   * the extension comes from the bytes (`png`, `jpeg`, `webp`, `gif`, else `bin`). All or
   * nothing: every image is written to a temp file first and only then are they renamed into
   * place, so a full disk or a missing permission leaves none of them (`FileWriteError`, with
   * `written: []`). Only if a rename itself fails, after every image was staged, are some in
   * place: the error's `written` lists them. Returns the absolute paths. Node, Bun and Deno (a runtime with `node:fs`).
   *
   * @example
   * const paths = await result.save('./images');
   */
  async save(dir: string): Promise<string[]> {
    if (typeof dir !== 'string' || dir === '') throw new InvalidParameterError('save() needs a folder path.');
    const images = await this.images();
    const base = dir.replace(/[\\/]+$/, '') || dir;
    const staged: StagedFile[] = [];
    try {
      for (const [i, bytes] of images.entries()) {
        const ext = imageTypeOf(bytes)?.ext ?? 'bin';
        staged.push(await stageFile(`${base}/image_${i}.${ext}`, bytes));
      }
    } catch (error) {
      await Promise.all(staged.map((file) => file.discard()));
      throw error;
    }
    const written: string[] = [];
    for (const [i, file] of staged.entries()) {
      try {
        await file.commit();
      } catch (error) {
        await Promise.all(staged.slice(i + 1).map((rest) => rest.discard()));
        throw fileWriteError(file.path, error, written);
      }
      written.push(file.path);
    }
    return written;
  }
}

/** Image generation (synchronous: the answer holds the images). */
export class Image extends APIResource {
  /** Its key on a client (`client.image`), and in `createClient`'s `resources`. */
  static readonly resourceKey = 'image';

  /**
   * Generates images from a prompt (`POST /v1/image_generation`), optionally keeping a character
   * from a reference image.
   *
   * @example
   * const result = await client.image.generate({ prompt: 'A cat astronaut', aspect_ratio: '16:9' });
   * await result.save('out');
   */
  generate(params: ImageGenerateParams, options?: RequestOptions): APIPromise<ImageResult> {
    return new APIPromise(
      (async () => {
        const body = buildBody(params, {
          defaults: { model: 'image-01', response_format: 'url', n: 1, prompt_optimizer: false },
        });
        if (body.subject_reference !== undefined)
          body.subject_reference = await inlineReferenceImages(
            body.subject_reference,
            'image_file',
            'subject_reference',
          );
        return this.#send(body, options).withResponse();
      })(),
    );
  }

  #send(body: JSONBody, options: RequestOptions | undefined): APIPromise<ImageResult> {
    const download = this._downloader(options);
    return this._json({
      method: 'POST',
      path: '/v1/image_generation',
      body,
      options,
      build: (res) => {
        const data = recordOrEmpty(res.data);
        const metadata = recordOrEmpty(res.metadata);
        return new ImageResult({
          id: idText(res.id),
          image_urls: strings(data.image_urls),
          image_base64: strings(data.image_base64),
          success_count: Math.trunc(toNumber(metadata.success_count)),
          failed_count: Math.trunc(toNumber(metadata.failed_count)),
          trace_id: typeof res.trace_id === 'string' ? res.trace_id : undefined,
          download,
        });
      },
    });
  }
}
