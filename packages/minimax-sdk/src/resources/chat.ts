import type { APIPromise } from '../core/api-promise.js';
import { buildBody } from '../core/body.js';
import { APIResource, guarded } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import { isRecord } from '../core/values.js';
import { ChatCompletionStream } from './chat-stream.js';
import type { ChatCompletion, ChatCompletionCreateParams, SplitThinking } from './chat-types.js';

export type * from './chat-types.js';

const COMPLETIONS_PATH = '/v1/chat/completions';

/** The body: every field the caller set; `stream` is the method's choice. */
function completionBody(params: ChatCompletionCreateParams, stream: boolean): Record<string, unknown> {
  return buildBody(params, { set: { stream: stream ? true : undefined } });
}

/** The answer, with `choices` always an array (a gateway may leave it out on an empty reply). */
function parseCompletion(body: Record<string, unknown>): ChatCompletion {
  if (!Array.isArray(body.choices)) body.choices = [];
  for (const choice of body.choices as unknown[]) {
    if (isRecord(choice) && isRecord(choice.message) && !choice.message.role)
      choice.message.role = 'assistant';
  }
  return body as ChatCompletion;
}

const THINK = /<think>([\s\S]*?)(?:<\/think>|$)/g;

/**
 * Takes the inline `<think>…</think>` reasoning out of a text (what MiniMax's M2.x models put in
 * `content` when `reasoning_split` is off). The API's answer is left as it came; this only reads
 * it. A `</think>` without its opening tag counts everything before it as reasoning, and an
 * unclosed `<think>` (a stream cut short) everything after it.
 *
 * @example
 * const completion = await client.chat.create(params);
 * const { reasoning, content } = splitThinking(completion.choices[0]?.message.content ?? '');
 */
export function splitThinking(text: string | null | undefined): SplitThinking {
  let rest = text ?? '';
  const parts: string[] = [];
  const close = rest.indexOf('</think>');
  const open = rest.indexOf('<think>');
  if (close >= 0 && (open < 0 || close < open)) {
    parts.push(rest.slice(0, close).trim());
    rest = rest.slice(close + '</think>'.length);
  }
  rest = rest.replace(THINK, (_match, inner: string) => {
    parts.push(inner.trim());
    return '';
  });
  return { reasoning: parts.filter((p) => p !== '').join('\n\n'), content: rest.trimStart() };
}

/** Chat with MiniMax's text models through the OpenAI-compatible Chat Completions endpoint. */
export class Chat extends APIResource {
  /** Its key on a client (`client.chat`), and in `createClient`'s `resources`. */
  static readonly resourceKey = 'chat';

  /**
   * Generates a completion (`POST /v1/chat/completions`). Errors reject with the mapped error;
   * HTTP 408/409/429/5xx are retried.
   *
   * @example
   * const completion = await client.chat.create({
   *   model: 'MiniMax-M2.7',
   *   messages: [{ role: 'user', content: 'Hello!' }],
   *   reasoning_split: true,
   * });
   * console.log(completion.choices[0]?.message.content);
   */
  create(params: ChatCompletionCreateParams, options?: RequestOptions): APIPromise<ChatCompletion> {
    return guarded(() =>
      this._json({
        method: 'POST',
        path: COMPLETIONS_PATH,
        body: completionBody(params, false),
        options,
        build: parseCompletion,
      }),
    );
  }

  /**
   * Streams a completion as OpenAI chunks. The request starts at once; errors reject the first
   * iteration step (and `finalCompletion()`).
   *
   * @example
   * const stream = client.chat.createStream({
   *   model: 'MiniMax-M2.7',
   *   messages: [{ role: 'user', content: 'Write a haiku' }],
   *   stream_options: { include_usage: true },
   * });
   * for await (const piece of stream.textStream) process.stdout.write(piece);
   */
  createStream(params: ChatCompletionCreateParams, options?: RequestOptions): ChatCompletionStream {
    return new ChatCompletionStream(this._sse(COMPLETIONS_PATH, completionBody(params, true), options));
  }
}
