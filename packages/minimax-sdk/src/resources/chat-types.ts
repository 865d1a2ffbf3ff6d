/**
 * Types of `client.chat`: MiniMax's OpenAI-compatible Chat Completions endpoint
 * (`POST /v1/chat/completions`), in the OpenAI shape plus MiniMax's extras (`reasoning_split`,
 * `reasoning_details`). Field names are the wire's (snake_case); fields not listed here are sent
 * and received unchanged.
 */

import type { TextModel } from './text-types.js';

// ---------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------

/** A text part of a message's content. */
export interface ChatTextPart {
  type: 'text';
  text: string;
}

/** An image part of a user message (MiniMax-M3): a URL or a `data:` URI. */
export interface ChatImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' | (string & {}) };
}

/** Any part of a message's content. */
export type ChatContentPart = ChatTextPart | ChatImagePart;

/** One piece of the model's reasoning, as MiniMax returns it with `reasoning_split: true`. */
export interface ReasoningDetail {
  /** Usually `reasoning.text`. */
  type?: 'reasoning.text' | (string & {});
  id?: string;
  format?: string;
  index?: number;
  /** The reasoning text. */
  text: string;
  [key: string]: unknown;
}

/** A function call the assistant made. */
export interface ChatToolCall {
  id: string;
  type: 'function';
  function: {
    name: string;
    /** The arguments as JSON text, exactly as the model wrote them (parse it yourself). */
    arguments: string;
  };
}

export interface ChatSystemMessage {
  role: 'system';
  content: string | ChatTextPart[];
  name?: string;
}

export interface ChatUserMessage {
  role: 'user';
  content: string | ChatContentPart[];
  name?: string;
}

/**
 * An assistant turn replayed in the history. In a tool loop, replay it whole: `content`,
 * `tool_calls` and `reasoning_details` (MiniMax asks for the reasoning to be kept).
 */
export interface ChatAssistantMessage {
  role: 'assistant';
  content?: string | ChatTextPart[] | null;
  name?: string;
  tool_calls?: ChatToolCall[];
  reasoning_details?: ReasoningDetail[];
}

/** The result of a tool call, answering the call with id `tool_call_id`. */
export interface ChatToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string | ChatTextPart[];
}

/**
 * One message of the conversation.
 *
 * @example
 * const history: ChatMessageParam[] = [
 *   { role: 'system', content: 'You are terse.' },
 *   { role: 'user', content: 'Hello' },
 * ];
 */
export type ChatMessageParam = ChatSystemMessage | ChatUserMessage | ChatAssistantMessage | ChatToolMessage;

/** A function the model may call. */
export interface ChatTool {
  type: 'function';
  function: {
    name: string;
    description?: string;
    /** JSON Schema of the arguments. */
    parameters?: Record<string, unknown>;
    strict?: boolean;
  };
}

/** Whether (and which) tool the model must call. */
export type ChatToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

/**
 * Parameters of `chat.create` and `chat.createStream`. Every key set is sent (unknown ones too);
 * `stream` is the method's choice, never a param's.
 *
 * @example
 * const params: ChatCompletionCreateParams = {
 *   model: 'MiniMax-M2.7',
 *   messages: [{ role: 'user', content: 'Hello' }],
 *   reasoning_split: true,
 * };
 */
export interface ChatCompletionCreateParams {
  /** The text model, e.g. `MiniMax-M3` or `MiniMax-M2.7`; any other id is sent as given. */
  model: TextModel;
  /** The conversation so far, oldest first; passed through unchanged. */
  messages: ChatMessageParam[];
  /** Upper bound on generated tokens (reasoning included). Preferred over `max_tokens`. */
  max_completion_tokens?: number;
  /** @deprecated MiniMax documents `max_completion_tokens` instead. */
  max_tokens?: number;
  /** Sampling temperature, (0, 1]; `0` is refused by the API. */
  temperature?: number;
  /** Nucleus sampling, (0, 1]. */
  top_p?: number;
  /**
   * `true`: the reasoning comes separately in `message.reasoning_details`. Off (the default), it
   * is inline in `content` as `<think>…</think>`; `splitThinking()` separates it.
   */
  reasoning_split?: boolean;
  /** Thinking depth where a model supports it (e.g. `MiniMax-M3.1-Flash-Preview`). */
  reasoning_effort?: 'low' | 'medium' | 'high' | 'xhigh' | 'max' | (string & {});
  /** Functions the model may call (OpenAI format); calls come back in `message.tool_calls`. */
  tools?: ChatTool[];
  /** Whether the model must, may or must not call a tool, or which one. */
  tool_choice?: ChatToolChoice;
  /** OpenAI's switch for several calls in one turn; sent as given (MiniMax does not document it). */
  parallel_tool_calls?: boolean;
  /** With `include_usage: true`, a stream ends with a chunk carrying `usage` (and no choices). */
  stream_options?: { include_usage?: boolean };
  /** OpenAI's stop strings; sent as given (MiniMax does not document them). */
  stop?: string | string[];
  /** OpenAI's number of choices; sent as given (MiniMax does not document it). */
  n?: number;
  /** OpenAI's output format, e.g. `{ type: 'json_schema', json_schema: { name, schema } }`; sent as given. */
  response_format?: { type: 'text' | 'json_object' | 'json_schema' | (string & {}); [key: string]: unknown };
  /** An opaque id of the end user; sent as given. */
  user?: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------------------------

/** Why generation stopped. Other values may appear. */
export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | (string & {});

/** The assistant's message in a completion. */
export interface ChatCompletionMessage {
  role: 'assistant';
  /** The text; with `reasoning_split` off it may start with `<think>…</think>`. */
  content: string | null;
  tool_calls?: ChatToolCall[];
  /** The reasoning, when `reasoning_split: true` was sent. */
  reasoning_details?: ReasoningDetail[];
  /** Reasoning as some gateways send it (one string). */
  reasoning_content?: string;
  [key: string]: unknown;
}

export interface ChatCompletionChoice {
  index: number;
  message: ChatCompletionMessage;
  finish_reason: ChatFinishReason | null;
  [key: string]: unknown;
}

export interface ChatCompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens?: number; [key: string]: unknown };
  [key: string]: unknown;
}

/** The answer of `chat.create`, and what `ChatCompletionStream.finalCompletion()` rebuilds. */
export interface ChatCompletion {
  id: string;
  object: 'chat.completion' | (string & {});
  created: number;
  model: string;
  choices: ChatCompletionChoice[];
  usage?: ChatCompletionUsage;
  /** MiniMax trace id (from the body or the `Trace-Id` header). */
  trace_id?: string;
  [key: string]: unknown;
}

/** A streamed piece of a tool call: `index` says which call; `arguments` arrives in fragments. */
export interface ChatToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

/** What one chunk adds to a choice. */
export interface ChatCompletionDelta {
  /** Only on the first chunk (MiniMax has been seen sending `""`; such a value is dropped). */
  role?: 'assistant';
  content?: string | null;
  tool_calls?: ChatToolCallDelta[];
  /** Reasoning pieces (`reasoning_split: true`); MiniMax sends them incrementally or cumulatively. */
  reasoning_details?: ReasoningDetail[];
  reasoning_content?: string;
  [key: string]: unknown;
}

export interface ChatCompletionChunkChoice {
  index: number;
  /** Never null here: a `delta: null` on the wire (MiniMax's last chunk) arrives as `{}`. */
  delta: ChatCompletionDelta;
  finish_reason: ChatFinishReason | null;
  [key: string]: unknown;
}

/** One event of a chat stream. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk' | (string & {});
  created: number;
  model: string;
  /** Empty on the final usage chunk (`stream_options.include_usage`). */
  choices: ChatCompletionChunkChoice[];
  usage?: ChatCompletionUsage | null;
  [key: string]: unknown;
}

/** A text with its inline `<think>…</think>` reasoning taken apart. */
export interface SplitThinking {
  /** The reasoning inside the think tags (joined with blank lines when there are several). */
  reasoning: string;
  /** The text with the think tags and their content removed, leading whitespace trimmed. */
  content: string;
}
