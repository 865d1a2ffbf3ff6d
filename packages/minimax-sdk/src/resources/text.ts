import type { APIPromise } from '../core/api-promise.js';
import { APIResource, compact } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import { MessageStream, parseMessage } from './message-stream.js';
import type { Message, MessageCreateParams } from './text-types.js';

export type * from './text-types.js';

const MESSAGES_PATH = '/anthropic/v1/messages';

/** The seed's body: required keys first, then the optional ones that are set, in its order. */
function messageBody(params: MessageCreateParams): Record<string, unknown> {
  return {
    model: params.model,
    messages: params.messages,
    max_tokens: params.max_tokens,
    ...compact({
      system: params.system,
      temperature: params.temperature,
      top_p: params.top_p,
      tools: params.tools,
      tool_choice: params.tool_choice,
      thinking: params.thinking,
      metadata: params.metadata,
    }),
  };
}

/** Chat with MiniMax's text models through the Anthropic-Messages-compatible endpoint. */
export class Text extends APIResource {
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
    return this._json('POST', MESSAGES_PATH, { body: messageBody(params) }, options, parseMessage);
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
    return new MessageStream(this._sse(MESSAGES_PATH, { ...messageBody(params), stream: true }, options));
  }
}
