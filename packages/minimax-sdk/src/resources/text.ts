import type { APIPromise } from '../core/api-promise.js';
import { buildBody } from '../core/body.js';
import { MiniMaxError } from '../core/errors.js';
import { APIResource, guarded } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import { withTraceId } from '../core/values.js';
import { parseMessage } from './message-decode.js';
import { MessageStream } from './message-stream.js';
import type { CountTokensParams, Message, MessageCreateParams, MessageTokensCount } from './text-types.js';

export type * from './text-types.js';

const MESSAGES_PATH = '/anthropic/v1/messages';

/**
 * The Messages body: every field the caller set, sent as given (`service_tier`, `stop_sequences`,
 * `output_config`, `cache_control` on blocks and tools, and fields MiniMax adds later). Whether
 * the answer streams is the method's choice, never a param's.
 */
function messageBody(params: MessageCreateParams, stream: boolean): Record<string, unknown> {
  return buildBody(params, { set: { stream: stream ? true : undefined } });
}

/** Chat with MiniMax's text models through the Anthropic-Messages-compatible endpoint. */
export class Text extends APIResource {
  /** Its key on a client (`client.text`), and in `createClient`'s `resources`. */
  static readonly resourceKey = 'text';

  /**
   * Generates the assistant's next turn (`POST /anthropic/v1/messages`). HTTP 408/409/429/5xx
   * are retried; other failures reject with the mapped error (`code` = HTTP status).
   *
   * @example
   * const message = await client.text.create({
   *   model: 'MiniMax-M2.7',
   *   max_tokens: 1024,
   *   messages: [{ role: 'user', content: 'Hello!' }],
   * });
   * for (const block of message.content) if (block.type === 'text') console.log(block.text);
   */
  create(params: MessageCreateParams, options?: RequestOptions): APIPromise<Message> {
    return guarded(() =>
      this._json({
        method: 'POST',
        path: MESSAGES_PATH,
        body: messageBody(params, false),
        options,
        build: parseMessage,
      }),
    );
  }

  /**
   * Streams the assistant's next turn as Anthropic events. The request starts at once; errors
   * reject the first iteration step (and `finalMessage()`).
   *
   * @example
   * const stream = client.text.createStream({
   *   model: 'MiniMax-M2.7',
   *   max_tokens: 1024,
   *   messages: [{ role: 'user', content: 'Write a haiku' }],
   * });
   * for await (const piece of stream.textStream) process.stdout.write(piece);
   */
  createStream(params: MessageCreateParams, options?: RequestOptions): MessageStream {
    return new MessageStream(this._sse(MESSAGES_PATH, messageBody(params, true), options));
  }

  /**
   * Counts the tokens a Messages request would take as input (`POST
   * /anthropic/v1/messages/count_tokens`), without generating anything.
   *
   * @example
   * const { input_tokens } = await client.text.countTokens({
   *   model: 'MiniMax-M2.7',
   *   messages: [{ role: 'user', content: 'How long is this prompt?' }],
   * });
   */
  countTokens(params: CountTokensParams, options?: RequestOptions): APIPromise<MessageTokensCount> {
    return guarded(() =>
      this._json({
        method: 'POST',
        path: `${MESSAGES_PATH}/count_tokens`,
        body: buildBody(params),
        options,
        build: (answer) => {
          const count = answer.input_tokens;
          if (typeof count !== 'number')
            throw new MiniMaxError('count_tokens answered without input_tokens.');
          return withTraceId<MessageTokensCount>({ input_tokens: count }, answer);
        },
      }),
    );
  }
}
