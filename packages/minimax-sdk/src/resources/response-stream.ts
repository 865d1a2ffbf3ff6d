/**
 * `ResponseStream`, the object `responses.createStream` returns: the Responses API's typed events,
 * and the final `ModelResponse` they describe.
 */
import { errorFromEnvelope, type MiniMaxError } from '../core/errors.js';
import type { ServerSentEvent } from '../core/sse.js';
import { parseEventJSON, ResultStream, type SSEConnection, type StreamOutcome } from '../core/streaming.js';
import { isRecord } from '../core/values.js';
import type { ModelResponse, ResponseStreamEvent } from './responses-types.js';

type JSONObject = Record<string, unknown>;

/**
 * The text of every `output_text` part of every message in `output`, joined: what
 * `Response.output_text` holds.
 */
export function outputText(output: readonly unknown[]): string {
  let text = '';
  for (const item of output) {
    if (!isRecord(item) || item.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const part of item.content) {
      if (isRecord(part) && part.type === 'output_text' && typeof part.text === 'string') text += part.text;
    }
  }
  return text;
}

/** The answer with `output` always an array and `output_text` filled in when the API left it out. */
export function completeResponse(body: JSONObject, traceId = ''): ModelResponse {
  if (!Array.isArray(body.output)) body.output = [];
  if (typeof body.output_text !== 'string') body.output_text = outputText(body.output as unknown[]);
  if (traceId && !body.trace_id) body.trace_id = traceId;
  return body as ModelResponse;
}

/** Copies an item deep enough that later deltas never write into the event the consumer holds. */
function copyItem(item: JSONObject): JSONObject {
  const copy: JSONObject = { ...item };
  for (const key of ['content', 'summary']) {
    if (Array.isArray(item[key]))
      copy[key] = (item[key] as unknown[]).map((p) => (isRecord(p) ? { ...p } : p));
  }
  return copy;
}

/** The part `list[index]` of an item, made when the events name one that did not start. */
function partAt(item: JSONObject, key: 'content' | 'summary', index: unknown, type: string): JSONObject {
  if (!Array.isArray(item[key])) item[key] = [];
  const list = item[key] as unknown[];
  const at = typeof index === 'number' ? index : Math.max(0, list.length - 1);
  let part = list[at];
  if (!isRecord(part)) {
    part = { type, text: '' };
    list[at] = part;
  }
  return part as JSONObject;
}

/** Rebuilds a response's `output` from its events, for a stream whose last event is missing it. */
class ResponseAccumulator {
  readonly items: JSONObject[] = [];
  /** The latest whole response an event carried (`created`, `in_progress`, or the final one). */
  response: JSONObject | undefined;
  finished = false;

  add(event: ResponseStreamEvent): void {
    const e = event as JSONObject;
    const item = typeof e.output_index === 'number' ? this.items[e.output_index] : undefined;
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress':
        this.response = event.response as unknown as JSONObject;
        return;
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        this.response = event.response as unknown as JSONObject;
        this.finished = true;
        return;
      case 'response.output_item.added':
      case 'response.output_item.done':
        if (isRecord(event.item)) this.items[event.output_index] = copyItem(event.item);
        return;
      case 'response.content_part.added':
        if (item && isRecord(event.part)) {
          partAt(item, 'content', event.content_index, 'output_text');
          (item.content as unknown[])[event.content_index] = { ...event.part };
        }
        return;
      case 'response.output_text.delta':
        if (item) partAt(item, 'content', event.content_index, 'output_text').text += event.delta;
        return;
      case 'response.output_text.done':
        if (item) partAt(item, 'content', event.content_index, 'output_text').text = event.text;
        return;
      case 'response.reasoning_summary_part.added':
        if (item && isRecord(event.part)) {
          partAt(item, 'summary', event.summary_index, 'summary_text');
          (item.summary as unknown[])[event.summary_index] = { ...event.part };
        }
        return;
      case 'response.reasoning_text.delta':
      case 'response.reasoning_text.done':
        if (item) this.#text(partAt(item, 'content', event.content_index, 'reasoning_text'), event);
        return;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_summary_text.done':
        if (item) this.#text(partAt(item, 'summary', event.summary_index, 'summary_text'), event);
        return;
      case 'response.function_call_arguments.delta':
        if (item && typeof event.delta === 'string')
          item.arguments = (typeof item.arguments === 'string' ? item.arguments : '') + event.delta;
        return;
      case 'response.function_call_arguments.done':
        if (item && typeof event.arguments === 'string') item.arguments = event.arguments;
        return;
      default:
        return;
    }
  }

  #text(part: JSONObject, event: { delta?: string; text?: string }): void {
    if (typeof event.text === 'string') part.text = event.text;
    else if (typeof event.delta === 'string') part.text = `${String(part.text ?? '')}${event.delta}`;
  }

  /** The final response: as the last event carried it, its output rebuilt if that event left it out. */
  final(traceId: string): ModelResponse {
    const body: JSONObject = { ...this.response };
    const output = Array.isArray(body.output) ? body.output : [];
    if (output.length === 0 && this.items.length > 0) body.output = this.items.filter(Boolean);
    return completeResponse(body, traceId);
  }
}

/** The typed event, its `type` taken from the SSE `event:` field when the data leaves it out. */
function parseEvent(sse: ServerSentEvent): JSONObject {
  const payload = parseEventJSON(sse);
  if (typeof payload.type !== 'string' && sse.event) payload.type = sse.event;
  return payload;
}

/**
 * The stream returned by `responses.createStream`: an async iterable of `ResponseStreamEvent`s
 * (`response.created`, `response.output_text.delta`, …, `response.completed`) that also keeps the
 * final `ModelResponse`. The request starts at once; it is read once (by iterating, `textStream`,
 * `toReadableStream()` or `finalResponse()`).
 *
 * An `error` event, a `response.failed` event or a non-zero `base_resp` throws the mapped error
 * (after the events before it). Breaking out of `for await` closes the connection.
 *
 * @example
 * const stream = client.responses.createStream({ model: 'MiniMax-M2.7', input: 'Tell me a story' });
 * for await (const event of stream) {
 *   if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
 * }
 * const response = await stream.finalResponse();
 */
export class ResponseStream extends ResultStream<ResponseStreamEvent, ModelResponse> {
  readonly #accumulator = new ResponseAccumulator();

  constructor(connection: SSEConnection) {
    super(connection, { noun: 'response', marker: 'no response.completed' });
  }

  protected onEvent(sse: ServerSentEvent, emit: (event: ResponseStreamEvent) => void): boolean {
    if (sse.data.trim() === '[DONE]') return true;
    const payload = parseEvent(sse);
    this.throwIfError(payload);
    emit(payload as ResponseStreamEvent);
    if (payload.type === 'response.failed') throw this.#failure(payload);
    return false;
  }

  /** The response grows as the consumer reads, so a `break` leaves it where the reader stopped. */
  protected override onDeliver(event: ResponseStreamEvent): void {
    this.#accumulator.add(event);
  }

  protected override onSettle(outcome: StreamOutcome, error?: unknown): void {
    const accumulator = this.#accumulator;
    const done = accumulator.finished ? accumulator.final(this.traceId) : undefined;
    this.settleResult(
      outcome,
      error,
      done,
      accumulator.response !== undefined || accumulator.items.length > 0,
    );
  }

  /** The error of a `response.failed` event: its `response.error`, in the OpenAI-style envelope's terms. */
  #failure(payload: JSONObject): MiniMaxError {
    const response = isRecord(payload.response) ? payload.response : {};
    const error = isRecord(response.error) ? response.error : {};
    const type = typeof error.code === 'string' ? error.code : 'server_error';
    const message = typeof error.message === 'string' ? error.message : 'The response failed.';
    return errorFromEnvelope(
      { kind: 'openai', type, message, request_id: '' },
      { headers: this.responseHeaders, trace_id: this.traceId, body: payload },
    );
  }

  /**
   * The complete `ModelResponse` (as `response.completed` or `response.incomplete` carried it, with
   * `output_text`). Reads the stream itself when nothing else does; after (or instead of)
   * iterating, it resolves when the stream ends. Do not await it inside your own `for await` over
   * this stream: it settles only once that loop is over.
   *
   * @example
   * const response = await client.responses.createStream(params).finalResponse();
   * console.log(response.output_text, response.usage);
   */
  finalResponse(): Promise<ModelResponse> {
    return this.result();
  }

  /**
   * Only the answer text (`response.output_text.delta`), as strings. Reading it consumes the stream.
   *
   * @example
   * for await (const piece of client.responses.createStream(params).textStream) process.stdout.write(piece);
   */
  get textStream(): AsyncIterable<string> {
    return this.#texts();
  }

  async *#texts(): AsyncGenerator<string> {
    for await (const event of this) {
      if (event.type === 'response.output_text.delta' && event.delta !== '') yield event.delta;
    }
  }
}
