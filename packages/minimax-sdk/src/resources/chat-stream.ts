/**
 * `ChatCompletionStream`, the object `chat.createStream` returns: OpenAI-shaped chunks, and the
 * final `ChatCompletion` rebuilt from them, with MiniMax's stream quirks smoothed over.
 */
import type { ServerSentEvent } from '../core/sse.js';
import { parseEventJSON, ResultStream, type SSEConnection, type StreamOutcome } from '../core/streaming.js';
import { isRecord } from '../core/values.js';
import type {
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionChunk,
  ChatCompletionDelta,
  ChatToolCall,
  ReasoningDetail,
} from './chat-types.js';

type JSONObject = Record<string, unknown>;

/** Chunk keys that the completion builds itself; any other top-level key is copied as sent. */
const CHUNK_STRUCTURAL = new Set(['id', 'object', 'created', 'model', 'choices', 'usage']);
/** Delta keys that are joined rather than copied. */
const DELTA_JOINED = new Set(['role', 'content', 'tool_calls', 'reasoning_details', 'reasoning_content']);

/**
 * Joins a reasoning piece onto what came before. MiniMax has sent reasoning both ways: each chunk
 * holding only the new text, or each chunk holding everything so far. A piece that starts with
 * the whole text so far is the cumulative form and replaces it; anything else is appended.
 */
export function joinReasoning(sofar: string, piece: string): string {
  if (sofar !== '' && piece.startsWith(sofar)) return piece;
  return sofar + piece;
}

/** What one choice has accumulated. */
interface ChoiceState {
  index: number;
  content: string;
  sawContent: boolean;
  reasoningContent: string | undefined;
  reasoning: ReasoningDetail[];
  tools: ChatToolCall[];
  /** Stream `index` of each tool call → its place in `tools`. */
  toolAt: Map<number, number>;
  extra: JSONObject;
  finish_reason: string | null;
}

/** Rebuilds the `ChatCompletion` from the chunks of one stream. */
class ChatAccumulator {
  readonly #choices = new Map<number, ChoiceState>();
  readonly #top: JSONObject = {};
  #id = '';
  #object = 'chat.completion';
  #created = 0;
  #model = '';
  #usage: ChatCompletion['usage'];
  sawChunk = false;
  /** `[DONE]` arrived, or every choice has a finish reason: nothing is missing. */
  done = false;

  add(chunk: ChatCompletionChunk): void {
    this.sawChunk = true;
    if (chunk.id) this.#id = chunk.id;
    if (chunk.created) this.#created = chunk.created;
    if (chunk.model) this.#model = chunk.model;
    if (isRecord(chunk.usage)) this.#usage = chunk.usage as ChatCompletion['usage'];
    for (const key of Object.keys(chunk)) {
      if (!CHUNK_STRUCTURAL.has(key) && chunk[key] !== undefined) this.#top[key] = chunk[key];
    }
    for (const choice of chunk.choices) {
      const state = this.#choice(choice.index);
      this.#delta(state, choice.delta);
      if (choice.finish_reason) state.finish_reason = choice.finish_reason;
    }
  }

  get complete(): boolean {
    if (this.done) return true;
    if (this.#choices.size === 0) return false;
    for (const state of this.#choices.values()) if (!state.finish_reason) return false;
    return true;
  }

  #choice(index: number): ChoiceState {
    let state = this.#choices.get(index);
    if (!state) {
      state = {
        index,
        content: '',
        sawContent: false,
        reasoningContent: undefined,
        reasoning: [],
        tools: [],
        toolAt: new Map(),
        extra: {},
        finish_reason: null,
      };
      this.#choices.set(index, state);
    }
    return state;
  }

  #delta(state: ChoiceState, delta: ChatCompletionDelta): void {
    if (typeof delta.content === 'string') {
      state.content += delta.content;
      state.sawContent = true;
    }
    if (typeof delta.reasoning_content === 'string')
      state.reasoningContent = joinReasoning(state.reasoningContent ?? '', delta.reasoning_content);
    if (Array.isArray(delta.reasoning_details)) {
      delta.reasoning_details.forEach((detail, position) => {
        if (!isRecord(detail)) return;
        const at = typeof detail.index === 'number' ? detail.index : position;
        const existing = state.reasoning[at];
        const text = typeof detail.text === 'string' ? detail.text : '';
        if (existing) {
          Object.assign(existing, { ...detail, text: joinReasoning(existing.text, text) });
        } else state.reasoning[at] = { ...detail, text };
      });
    }
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) if (isRecord(call)) this.#toolCall(state, call);
    }
    for (const key of Object.keys(delta)) {
      if (!DELTA_JOINED.has(key) && delta[key] !== undefined && delta[key] !== null)
        state.extra[key] = delta[key];
    }
  }

  /** Joins a tool-call fragment onto its call: by `index`, else by `id`, else as a new call. */
  #toolCall(state: ChoiceState, call: JSONObject): void {
    const fn = isRecord(call.function) ? call.function : {};
    const id = typeof call.id === 'string' ? call.id : '';
    let at: number | undefined;
    if (typeof call.index === 'number') at = state.toolAt.get(call.index);
    else if (id) at = state.tools.findIndex((t) => t.id === id);
    let tool = at === undefined || at < 0 ? undefined : state.tools[at];
    if (!tool) {
      tool = { id: '', type: 'function', function: { name: '', arguments: '' } };
      state.tools.push(tool);
      if (typeof call.index === 'number') state.toolAt.set(call.index, state.tools.length - 1);
    }
    if (id) tool.id = id;
    if (typeof fn.name === 'string' && fn.name !== tool.function.name) tool.function.name += fn.name;
    if (typeof fn.arguments === 'string') tool.function.arguments += fn.arguments;
  }

  completion(traceId: string): ChatCompletion {
    const choices: ChatCompletionChoice[] = [...this.#choices.values()]
      .sort((a, b) => a.index - b.index)
      .map((state) => {
        const message: ChatCompletionChoice['message'] = {
          ...state.extra,
          role: 'assistant',
          content: state.sawContent || state.tools.length === 0 ? state.content : null,
        };
        if (state.tools.length > 0) message.tool_calls = state.tools;
        const reasoning = state.reasoning.filter(Boolean);
        if (reasoning.length > 0) message.reasoning_details = reasoning;
        if (state.reasoningContent !== undefined) message.reasoning_content = state.reasoningContent;
        return { index: state.index, message, finish_reason: state.finish_reason };
      });
    const completion: ChatCompletion = {
      ...this.#top,
      id: this.#id,
      object: this.#object,
      created: this.#created,
      model: this.#model,
      choices,
    };
    if (this.#usage) completion.usage = this.#usage;
    if (traceId && !completion.trace_id) completion.trace_id = traceId;
    return completion;
  }
}

/** The chunk with the platform's quirks removed: `delta: null` → `{}`, `role: ""` dropped. */
function normalizeChunk(payload: JSONObject): ChatCompletionChunk {
  const choices = Array.isArray(payload.choices) ? payload.choices : [];
  payload.choices = choices.filter(isRecord).map((choice, position) => {
    const delta = isRecord(choice.delta) ? choice.delta : {};
    if (delta.role === '' || delta.role === null) delete delta.role;
    return {
      ...choice,
      index: typeof choice.index === 'number' ? choice.index : position,
      delta,
      finish_reason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    };
  });
  if (typeof payload.id !== 'string') payload.id = '';
  if (typeof payload.model !== 'string') payload.model = '';
  if (typeof payload.created !== 'number') payload.created = 0;
  if (typeof payload.object !== 'string') payload.object = 'chat.completion.chunk';
  return payload as ChatCompletionChunk;
}

/**
 * The stream returned by `chat.createStream`: an async iterable of `ChatCompletionChunk`s that
 * also rebuilds the final `ChatCompletion` (text joined, tool-call argument fragments joined per
 * call, reasoning joined whether MiniMax sent it incrementally or cumulatively, usage from the
 * `include_usage` chunk). The request starts at once; it is read once (by iterating,
 * `textStream`, `toReadableStream()` or `finalCompletion()`).
 *
 * An `error` object or a non-zero `base_resp` in the stream throws the mapped error. Breaking out
 * of `for await` closes the connection.
 *
 * @example
 * const stream = client.chat.createStream({
 *   model: 'MiniMax-M2.7',
 *   messages: [{ role: 'user', content: 'Tell me a story' }],
 * });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 * const completion = await stream.finalCompletion();
 */
export class ChatCompletionStream extends ResultStream<ChatCompletionChunk, ChatCompletion> {
  readonly #accumulator = new ChatAccumulator();

  constructor(connection: SSEConnection) {
    super(connection, { noun: 'completion', marker: 'no finish_reason or [DONE]' });
  }

  protected onEvent(sse: ServerSentEvent, emit: (chunk: ChatCompletionChunk) => void): boolean {
    if (sse.data.trim() === '[DONE]') {
      this.#accumulator.done = true;
      return true;
    }
    const payload = parseEventJSON(sse);
    this.throwIfError(payload);
    emit(normalizeChunk(payload));
    return false;
  }

  /** The completion grows as the consumer reads, so a `break` leaves it where the reader stopped. */
  protected override onDeliver(chunk: ChatCompletionChunk): void {
    this.#accumulator.add(chunk);
  }

  protected override onSettle(outcome: StreamOutcome, error?: unknown): void {
    const accumulator = this.#accumulator;
    const done =
      accumulator.sawChunk && accumulator.complete ? accumulator.completion(this.traceId) : undefined;
    this.settleResult(outcome, error, done, accumulator.sawChunk);
  }

  /**
   * The complete `ChatCompletion`. Reads the stream itself when nothing else does; after (or
   * instead of) iterating, it resolves when the stream ends. Do not await it inside your own
   * `for await` over this stream: it settles only once that loop is over.
   *
   * @example
   * const completion = await client.chat.createStream(params).finalCompletion();
   * console.log(completion.choices[0]?.message.tool_calls);
   */
  finalCompletion(): Promise<ChatCompletion> {
    return this.result();
  }

  /**
   * Only the content text of the first choice, as strings (inline `<think>` tags included when
   * `reasoning_split` is off). Reading it consumes the stream.
   *
   * @example
   * for await (const piece of client.chat.createStream(params).textStream) process.stdout.write(piece);
   */
  get textStream(): AsyncIterable<string> {
    return this.#texts();
  }

  async *#texts(): AsyncGenerator<string> {
    for await (const chunk of this) {
      for (const choice of chunk.choices) {
        const piece = choice.delta.content;
        if (choice.index === 0 && typeof piece === 'string' && piece !== '') yield piece;
      }
    }
  }
}
