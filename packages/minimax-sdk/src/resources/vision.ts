import { APIPromise } from '../core/api-promise.js';
import { buildBody, type JSONBody, ownValue } from '../core/body.js';
import { InvalidParameterError, MiniMaxError } from '../core/errors.js';
import { APIResource } from '../core/resource.js';
import { type RequestOptions, traceIdOf } from '../core/transport.js';
import { withTraceId } from '../core/values.js';
import { imageDataURI } from './image-input.js';
import type { VisionDescribeParams, VisionDescription } from './vision-types.js';

export type * from './vision-types.js';

/** Image understanding, for keys on a Token Plan. */
export class Vision extends APIResource {
  /** Its key on a client (`client.vision`), and in `createClient`'s `resources`. */
  static readonly resourceKey = 'vision';

  /**
   * Answers a question about an image (`POST /v1/coding_plan/vlm`). `image` may be a URL, a data
   * URI, a local path, bytes, a Blob or a stream; local images are sent inline.
   *
   * @example
   * const { content } = await client.vision.describe({
   *   prompt: 'What error is shown?', image: './screenshot.png',
   * });
   */
  describe(params: VisionDescribeParams, options?: RequestOptions): APIPromise<VisionDescription> {
    return new APIPromise(
      (async () => {
        const body = buildBody(params, { omit: ['image'] });
        if (typeof body.prompt !== 'string' || body.prompt.trim() === '')
          throw new InvalidParameterError(
            'vision.describe needs { prompt }: a non-empty question about the image.',
          );
        // `image` is read from the caller's own keys, not the copy: bytes and streams stay intact.
        body.image_url = await imageDataURI(ownValue(params, 'image'), 'image');
        return this._json({
          method: 'POST',
          path: '/v1/coding_plan/vlm',
          body,
          options,
          build: (answer: JSONBody) => {
            if (typeof answer.content !== 'string' || answer.content === '')
              throw new MiniMaxError('vision.describe: the API answered without content.', {
                trace_id: traceIdOf(answer),
                body: answer,
              });
            return withTraceId<VisionDescription>({ content: answer.content }, answer);
          },
        }).withResponse();
      })(),
    );
  }
}
