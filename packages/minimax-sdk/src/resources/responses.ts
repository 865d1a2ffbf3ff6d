import type { APIPromise } from '../core/api-promise.js';
import { buildBody } from '../core/body.js';
import { APIResource, guarded } from '../core/resource.js';
import { type RequestOptions, traceIdOf } from '../core/transport.js';
import { completeResponse, ResponseStream } from './response-stream.js';
import type { ModelResponse, ResponseCreateParams } from './responses-types.js';

export type * from './responses-types.js';

const RESPONSES_PATH = '/v1/responses';

/** The body: every field the caller set; `stream` is the method's choice. */
function responseBody(params: ResponseCreateParams, stream: boolean): Record<string, unknown> {
  return buildBody(params, { set: { stream: stream ? true : undefined } });
}

/** Generate with MiniMax's text models through the OpenAI-compatible Responses endpoint. */
export class Responses extends APIResource {
  /** Its key on a client (`client.responses`), and in `createClient`'s `resources`. */
  static readonly resourceKey = 'responses';

  /**
   * Generates a response (`POST /v1/responses`): `output` items (messages, function calls,
   * reasoning), `output_text` (the answer text joined) and `usage`. Errors reject with the mapped
   * error; HTTP 408/409/429/5xx are retried.
   *
   * @example
   * const response = await client.responses.create({
   *   model: 'MiniMax-M2.7',
   *   instructions: 'Answer briefly.',
   *   input: 'What is 6 * 7?',
   * });
   * console.log(response.output_text);
   */
  create(params: ResponseCreateParams, options?: RequestOptions): APIPromise<ModelResponse> {
    return guarded(() =>
      this._json({
        method: 'POST',
        path: RESPONSES_PATH,
        body: responseBody(params, false),
        options,
        build: (answer, response) => completeResponse(answer, traceIdOf(answer, response.headers)),
      }),
    );
  }

  /**
   * Streams a response as its typed events. The request starts at once; errors reject the first
   * iteration step (and `finalResponse()`).
   *
   * @example
   * const stream = client.responses.createStream({ model: 'MiniMax-M2.7', input: 'Write a haiku' });
   * for await (const piece of stream.textStream) process.stdout.write(piece);
   * console.log((await stream.finalResponse()).usage);
   */
  createStream(params: ResponseCreateParams, options?: RequestOptions): ResponseStream {
    return new ResponseStream(this._sse(RESPONSES_PATH, responseBody(params, true), options));
  }
}
