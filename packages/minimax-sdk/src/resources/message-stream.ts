/**
 * `MessageStream`, the object `text.createStream` returns: Anthropic stream events, and the final
 * `Message` rebuilt from them. The payload decoders live in `message-decode.ts`.
 */
import type { ServerSentEvent } from '../core/sse.js';
import { parseEventJSON, ResultStream, type SSEConnection, type StreamOutcome } from '../core/streaming.js';
import { isRecord, parseServerJSON } from '../core/values.js';
import { type JSONObject, parseStreamEvent, text } from './message-decode.js';
import type { ContentBlockDelta, Message, StreamEvent } from './text-types.js';

/** Keys a `message_delta` may not overwrite: they are built from other events. */
const STRUCTURAL_KEYS = new Set(['id', 'type', 'role', 'content', 'model', 'usage', 'trace_id']);

function emptyMessage(traceId: string): Message {
  return {
    id: '',
    type: 'message',
    role: 'assistant',
    content: [],
    model: '',
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 0, output_tokens: 0 },
    ...(traceId ? { trace_id: traceId } : {}),
  };
}

/** Rebuilds the `Message` from the events of one stream. */
class MessageAccumulator {
  message: Message | undefined;
  /** `message_stop`, or a `message_delta` with a stop reason, arrived: nothing is missing. */
  complete = false;
  /** Tool-input JSON fragments by block index: they only parse once complete. */
  readonly #json = new Map<number, string>();
  #traceId = '';

  /** The message so far; a stream that skipped `message_start` still gets one. */
  #current(): Message {
    this.message ??= emptyMessage(this.#traceId);
    return this.message;
  }

  /** `raw` is the payload as received: only fields the API actually sent may overwrite state. */
  add(event: StreamEvent, raw: JSONObject, traceId: string): void {
    this.#traceId = traceId;
    switch (event.type) {
      case 'message_start': {
        // A copy, so later deltas never change an event the caller may have kept.
        this.message = structuredClone(event.message);
        if (!this.message.trace_id && traceId) this.message.trace_id = traceId;
        break;
      }
      case 'content_block_start':
        this.#current().content[event.index] = structuredClone(event.content_block);
        break;
      case 'content_block_delta':
        this.#delta(event.index, event.delta);
        break;
      case 'content_block_stop':
        this.#finishJSON(event.index);
        break;
      case 'message_delta': {
        const message = this.#current();
        const delta = isRecord(raw.delta) ? raw.delta : {};
        for (const [key, value] of Object.entries(delta)) {
          if (value !== undefined && !STRUCTURAL_KEYS.has(key))
            (message as unknown as JSONObject)[key] = value;
        }
        if (typeof delta.stop_reason === 'string') this.complete = true;
        // `null` means "not reported", so it must not erase a count from message_start.
        if (isRecord(raw.usage)) {
          for (const [key, value] of Object.entries(raw.usage)) {
            if (value !== null && value !== undefined) (message.usage as unknown as JSONObject)[key] = value;
          }
        }
        break;
      }
      case 'message_stop':
        this.complete = true;
        break;
    }
  }

  #delta(index: number, delta: ContentBlockDelta): void {
    const block = this.message?.content[index] as JSONObject | undefined;
    if (!block) return;
    switch (delta.type) {
      case 'text_delta':
        if (block.type === 'text') block.text = text(block.text) + delta.text;
        break;
      case 'thinking_delta':
        if (block.type === 'thinking') block.thinking = text(block.thinking) + delta.thinking;
        break;
      case 'signature_delta':
        if (block.type === 'thinking') block.signature = text(block.signature) + delta.signature;
        break;
      case 'input_json_delta':
        this.#json.set(index, (this.#json.get(index) ?? '') + delta.partial_json);
        break;
    }
  }

  #finishJSON(index: number): void {
    const json = this.#json.get(index);
    if (json === undefined) return;
    this.#json.delete(index);
    const block = this.message?.content[index] as JSONObject | undefined;
    if (!block || json.trim() === '') return;
    try {
      block.input = parseServerJSON(json);
    } catch {
      block.input = json;
    }
  }

  /** Completes blocks whose `content_block_stop` never came. */
  flush(): void {
    for (const index of [...this.#json.keys()]) this.#finishJSON(index);
  }
}

const EMPTY_PAYLOAD: JSONObject = /* @__PURE__ */ Object.freeze({}) as JSONObject;

/**
 * The stream returned by `text.createStream`: an async iterable of Anthropic stream events that
 * also rebuilds the final `Message`. The request starts at once; it is read once (by iterating,
 * `textStream`, `toReadableStream()` or `finalMessage()`).
 *
 * `ping` events are skipped; an `error` event (or a non-zero `base_resp`) throws the mapped
 * error, e.g. `overloaded_error` → `ServerError`; events of unknown types are yielded as received.
 * Breaking out of `for await` closes the connection.
 *
 * @example
 * const stream = client.text.createStream({
 *   model: 'MiniMax-M2.7',
 *   max_tokens: 1024,
 *   messages: [{ role: 'user', content: 'Tell me a story' }],
 * });
 * for await (const event of stream) {
 *   if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
 *     process.stdout.write(event.delta.text);
 *   }
 * }
 * const message = await stream.finalMessage();
 */
export class MessageStream extends ResultStream<StreamEvent, Message> {
  readonly #accumulator = new MessageAccumulator();
  readonly #rawDeltas = new Map<StreamEvent, JSONObject>();

  constructor(connection: SSEConnection) {
    super(connection, { noun: 'message', marker: 'no message_stop' });
  }

  protected onEvent(sse: ServerSentEvent, emit: (event: StreamEvent) => void): boolean {
    if (sse.data === '[DONE]') return true;
    let payload = parseEventJSON(sse);
    // Some gateways name the event only in the SSE `event:` field.
    if (typeof payload.type !== 'string' && sse.event) payload = { type: sse.event, ...payload };
    this.throwIfError(payload);
    if (payload.type === 'ping') return false;
    const event = parseStreamEvent(payload);
    // Only message_delta needs its raw payload (for keys the typed event does not carry).
    if (event.type === 'message_delta') this.#rawDeltas.set(event, payload);
    emit(event);
    return false;
  }

  /** The message grows as the consumer reads, so a `break` leaves it where the reader stopped. */
  protected override onDeliver(event: StreamEvent): void {
    // Only a message_delta has a raw payload kept: every other event skips the lookup.
    let raw = EMPTY_PAYLOAD;
    if (event.type === 'message_delta') {
      raw = this.#rawDeltas.get(event) ?? EMPTY_PAYLOAD;
      this.#rawDeltas.delete(event);
    }
    this.#accumulator.add(event, raw, this.traceId);
  }

  protected override onSettle(outcome: StreamOutcome, error?: unknown): void {
    this.#accumulator.flush();
    const { message, complete } = this.#accumulator;
    this.settleResult(outcome, error, message && complete ? message : undefined, message !== undefined);
  }

  /**
   * The complete `Message`: text joined, tool inputs parsed, thinking and signatures joined,
   * stop reason and usage from `message_delta`. Reads the stream itself when nothing else does;
   * after (or instead of) iterating, it resolves when the stream ends. Do not await it inside
   * your own `for await` over this stream: it settles only once that loop is over.
   *
   * @example
   * const message = await client.text.createStream(params).finalMessage();
   * console.log(message.stop_reason, message.usage.output_tokens);
   */
  finalMessage(): Promise<Message> {
    return this.result();
  }

  /**
   * Only the text deltas, as strings. Reading it consumes the stream.
   *
   * @example
   * for await (const piece of client.text.createStream(params).textStream) process.stdout.write(piece);
   */
  get textStream(): AsyncIterable<string> {
    return this.#texts();
  }

  async *#texts(): AsyncGenerator<string> {
    for await (const event of this) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') yield event.delta.text;
    }
  }
}
