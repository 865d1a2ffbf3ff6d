/**
 * Types of `client.responses`: MiniMax's OpenAI-compatible Responses endpoint
 * (`POST /v1/responses`), in the shape of OpenAI's Responses API. Field names are the wire's
 * (snake_case); fields not listed here are sent and received unchanged.
 */

import type { TextModel } from './literals.js';
import type { UnknownType } from './text-types.js';

// ---------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------

/** Text in an input message. */
export interface ResponseInputText {
  type: 'input_text';
  text: string;
}

/** An image in a user message (MiniMax-M3): a URL or a `data:` URI. */
export interface ResponseInputImage {
  type: 'input_image';
  image_url: string;
  detail?: 'auto' | 'low' | 'high' | (string & {});
}

/** Text the assistant wrote, replayed in the history. */
export interface ResponseOutputText {
  type: 'output_text';
  text: string;
  annotations?: unknown[];
  [key: string]: unknown;
}

/** A refusal the assistant wrote instead of an answer. */
export interface ResponseOutputRefusal {
  type: 'refusal';
  refusal: string;
}

/** One message of the input. `content` is a string or parts. */
export interface ResponseInputMessage {
  type?: 'message';
  role: 'user' | 'assistant' | 'system' | 'developer';
  content:
    | string
    | Array<ResponseInputText | ResponseInputImage | ResponseOutputText | ResponseOutputRefusal>;
}

/** The result of a function call, answering the call with `call_id`. */
export interface ResponseFunctionCallOutput {
  type: 'function_call_output';
  call_id: string;
  /** What the function returned, usually JSON text. */
  output: string;
}

/**
 * One item of `input`: a message, a function's result, or any output item of an earlier
 * response replayed as it came (its message, `function_call` and `reasoning` items).
 *
 * @example
 * const input: ResponseInputItem[] = [
 *   { role: 'user', content: 'Weather in Paris?' },
 *   ...first.output,
 *   { type: 'function_call_output', call_id: 'call_1', output: '{"temp":21}' },
 * ];
 */
export type ResponseInputItem = ResponseInputMessage | ResponseFunctionCallOutput | ResponseOutputItem;

/** A function the model may call. Unlike Chat Completions, the fields sit on the tool itself. */
export interface ResponseFunctionTool {
  type: 'function';
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: Record<string, unknown>;
  strict?: boolean;
}

/** Whether (and which) tool the model must call. */
export type ResponseToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; name: string };

/** Thinking depth and summary, where a model supports them. */
export interface ResponseReasoningParam {
  /** How hard the model thinks: `low` … `max` (MiniMax-M3.1). */
  effort?: 'low' | 'medium' | 'high' | 'xhigh' | 'max' | (string & {});
  /** Whether (and how briefly) to return a summary of the reasoning. */
  summary?: 'auto' | 'concise' | 'detailed' | (string & {});
  [key: string]: unknown;
}

/**
 * Parameters of `responses.create` and `responses.createStream`. Every key set is sent (unknown
 * ones too); `stream` is the method's choice, never a param's.
 *
 * @example
 * const params: ResponseCreateParams = {
 *   model: 'MiniMax-M2.7',
 *   instructions: 'Answer briefly.',
 *   input: 'What is 6 * 7?',
 * };
 */
export interface ResponseCreateParams {
  /** The text model, e.g. `MiniMax-M3` or `MiniMax-M2.7`; any other id is sent as given. */
  model: TextModel;
  /** A prompt, or the conversation as items. */
  input: string | ResponseInputItem[];
  /** A system prompt for this response. */
  instructions?: string;
  /** Upper bound on generated tokens (reasoning included). */
  max_output_tokens?: number;
  /** Sampling temperature, (0, 1]. */
  temperature?: number;
  /** Nucleus sampling, (0, 1]. */
  top_p?: number;
  /** Functions the model may call; calls come back as `function_call` output items. */
  tools?: ResponseFunctionTool[];
  /** Whether the model must, may or must not call a tool, or which one. */
  tool_choice?: ResponseToolChoice;
  /** OpenAI's switch for several calls in one turn; sent as given. */
  parallel_tool_calls?: boolean;
  /** Thinking depth (`effort`) and summary, where a model supports them. */
  reasoning?: ResponseReasoningParam;
  /** Output format, e.g. `{ format: { type: 'json_schema', name, schema } }`. */
  text?: {
    format?: { type: 'text' | 'json_object' | 'json_schema' | (string & {}); [key: string]: unknown };
  };
  /** Continue from an earlier response instead of replaying its items. */
  previous_response_id?: string;
  /** OpenAI's switch for keeping the response on the platform; sent as given. */
  store?: boolean;
  /** Your own key-value pairs kept with the response; sent as given. */
  metadata?: Record<string, string>;
  /** An opaque id of the end user; sent as given. */
  user?: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------------------------

/** The assistant's message in `output`. */
export interface ResponseOutputMessage {
  type: 'message';
  id: string;
  role: 'assistant';
  status: ResponseItemStatus;
  content: Array<ResponseOutputText | ResponseOutputRefusal>;
  [key: string]: unknown;
}

/** A function call the model made; answer it with a `function_call_output` input item. */
export interface ResponseFunctionCall {
  type: 'function_call';
  id?: string;
  /** The id the answer (`function_call_output.call_id`) refers to. */
  call_id: string;
  name: string;
  /** The arguments as JSON text, exactly as the model wrote them (parse it yourself). */
  arguments: string;
  status?: ResponseItemStatus;
  [key: string]: unknown;
}

/** The model's reasoning. Replay it unchanged in a tool loop. */
export interface ResponseReasoningItem {
  type: 'reasoning';
  id: string;
  /** Summaries of the reasoning. */
  summary: Array<{ type: 'summary_text'; text: string }>;
  /** The reasoning text itself, where the platform sends it. */
  content?: Array<{ type: 'reasoning_text'; text: string }>;
  encrypted_content?: string | null;
  status?: ResponseItemStatus;
  [key: string]: unknown;
}

/** An output item of a type this SDK does not know, exactly as received (see `UnknownType`). */
export interface ResponseUnknownItem {
  type: UnknownType;
  [key: string]: unknown;
}

/** One item of `output`. `switch (item.type)` narrows it. */
export type ResponseOutputItem =
  | ResponseOutputMessage
  | ResponseFunctionCall
  | ResponseReasoningItem
  | ResponseUnknownItem;

/** Where an item is. */
export type ResponseItemStatus = 'in_progress' | 'completed' | 'incomplete' | (string & {});

/** Where the response is. */
export type ResponseStatus =
  | 'completed'
  | 'failed'
  | 'in_progress'
  | 'queued'
  | 'incomplete'
  | 'cancelled'
  | (string & {});

export interface ResponseUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_tokens_details?: { cached_tokens?: number; [key: string]: unknown };
  output_tokens_details?: { reasoning_tokens?: number; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * The answer of `responses.create`, and what `ResponseStream.finalResponse()` resolves with
 * (OpenAI's `Response`, named so it never shadows the fetch `Response`).
 */
export interface ModelResponse {
  id: string;
  object: 'response' | (string & {});
  created_at: number;
  status: ResponseStatus;
  model: string;
  output: ResponseOutputItem[];
  /**
   * The text of every `output_text` part of every message in `output`, joined. Added by the SDK
   * when the API leaves it out.
   */
  output_text: string;
  usage?: ResponseUsage;
  /** Set when `status` is `failed`. */
  error?: { code: string; message: string } | null;
  /** Set when `status` is `incomplete` (e.g. `max_output_tokens` reached). */
  incomplete_details?: { reason?: string } | null;
  /** MiniMax trace id (from the body or the `Trace-Id` header). */
  trace_id?: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Stream events
// ---------------------------------------------------------------------------------------------

interface EventBase {
  /** The event's place in the stream. */
  sequence_number?: number;
  [key: string]: unknown;
}

/** The response as it starts (`response.created`), runs (`response.in_progress`) or ends. */
export interface ResponseLifecycleEvent extends EventBase {
  type:
    | 'response.created'
    | 'response.in_progress'
    | 'response.completed'
    | 'response.failed'
    | 'response.incomplete';
  response: ModelResponse;
}

/** An output item started (`added`) or finished (`done`, with the whole item). */
export interface ResponseOutputItemEvent extends EventBase {
  type: 'response.output_item.added' | 'response.output_item.done';
  output_index: number;
  item: ResponseOutputItem;
}

/** A content part of a message started or finished. */
export interface ResponseContentPartEvent extends EventBase {
  type: 'response.content_part.added' | 'response.content_part.done';
  item_id: string;
  output_index: number;
  content_index: number;
  part: ResponseOutputText | ResponseOutputRefusal;
}

/** A piece of answer text. */
export interface ResponseTextDeltaEvent extends EventBase {
  type: 'response.output_text.delta';
  item_id: string;
  output_index: number;
  content_index: number;
  delta: string;
}

/** A text part is complete. */
export interface ResponseTextDoneEvent extends EventBase {
  type: 'response.output_text.done';
  item_id: string;
  output_index: number;
  content_index: number;
  text: string;
}

/** A piece (`delta`) or the whole (`done`) of the reasoning or of its summary. */
export interface ResponseReasoningTextEvent extends EventBase {
  type:
    | 'response.reasoning_text.delta'
    | 'response.reasoning_text.done'
    | 'response.reasoning_summary_text.delta'
    | 'response.reasoning_summary_text.done';
  item_id: string;
  output_index: number;
  /** `reasoning_text` events: the part within `content`. */
  content_index?: number;
  /** `reasoning_summary_text` events: the part within `summary`. */
  summary_index?: number;
  delta?: string;
  text?: string;
}

/** A part of a reasoning item's summary started or finished. */
export interface ResponseReasoningSummaryPartEvent extends EventBase {
  type: 'response.reasoning_summary_part.added' | 'response.reasoning_summary_part.done';
  item_id: string;
  output_index: number;
  summary_index: number;
  part: { type: 'summary_text'; text: string };
}

/** A piece (`delta`) or all (`done`) of a function call's arguments. */
export interface ResponseFunctionCallArgumentsEvent extends EventBase {
  type: 'response.function_call_arguments.delta' | 'response.function_call_arguments.done';
  item_id: string;
  output_index: number;
  delta?: string;
  arguments?: string;
}

/** The stream failed; iterating throws the mapped error rather than yielding this. */
export interface ResponseErrorEvent extends EventBase {
  type: 'error';
  code?: string | null;
  message: string;
  param?: string | null;
}

/** An event of a type this SDK does not know, exactly as received (see `UnknownType`). */
export interface ResponseUnknownEvent extends EventBase {
  type: UnknownType;
}

/**
 * One event of a Responses stream. `switch (event.type)` narrows it.
 *
 * @example
 * for await (const event of client.responses.createStream(params)) {
 *   if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
 * }
 */
export type ResponseStreamEvent =
  | ResponseLifecycleEvent
  | ResponseOutputItemEvent
  | ResponseContentPartEvent
  | ResponseTextDeltaEvent
  | ResponseTextDoneEvent
  | ResponseReasoningTextEvent
  | ResponseReasoningSummaryPartEvent
  | ResponseFunctionCallArgumentsEvent
  | ResponseErrorEvent
  | ResponseUnknownEvent;
