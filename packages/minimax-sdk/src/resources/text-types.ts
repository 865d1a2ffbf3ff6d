/**
 * Types of `client.text`: MiniMax's Anthropic-Messages-compatible endpoint
 * (`POST /anthropic/v1/messages`). Field names are the wire's (snake_case).
 *
 * Forward compatibility: a block, delta or event whose `type` this SDK does not know arrives
 * unchanged (it is never dropped or rejected), typed as `UnknownBlock`, `UnknownDelta` or
 * `UnknownEvent`, members of `ContentBlock`, `ContentBlockDelta` and `StreamEvent`. Their `type`
 * is an `UnknownType`: a string that no literal matches, so `switch (event.type)` still narrows
 * each known case to its own shape, and the `default` branch holds the unknown ones.
 */

// ---------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------

/**
 * The `type` of a block, delta or event this SDK does not know. At run time it is the plain
 * string the API sent; in the types it is a pattern no literal matches (a string ending in NUL),
 * which is what lets `switch (event.type)` narrow every known case while unknown ones stay in the
 * union. To test for a type this SDK does not list yet, compare it as a string:
 * `if (String(event.type) === 'new_event') …`.
 */
export type UnknownType = `${string}\u0000`;

import type { TextModel } from './literals.js';

export type { TextModel };

/** Marks a prompt prefix (up to this block or tool) for caching between calls. */
export interface CacheControl {
  /** `ephemeral`: the prefix is cached for a while. */
  type: 'ephemeral' | (string & {});
  /** How long the cache lives, e.g. `5m` or `1h`, where supported. */
  ttl?: string;
}

/** Plain text in a request. */
export interface TextBlockParam {
  type: 'text';
  text: string;
  cache_control?: CacheControl | null;
}

/**
 * Where media in a request comes from: inline base64, a public URL, or a file uploaded with
 * `files.upload` (`mm_file://{file_id}` as the URL).
 */
export type MediaSource =
  | {
      type: 'base64';
      media_type: 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'video/mp4' | (string & {});
      /** The bytes, base64-encoded. */
      data: string;
    }
  | {
      type: 'url';
      /** A public URL, or `mm_file://{file_id}` for an uploaded file. */
      url: string;
    };

/** An image in a user turn (MiniMax-M3): ≤ 10 MB inline. */
export interface ImageBlockParam {
  type: 'image';
  source: MediaSource;
  cache_control?: CacheControl | null;
}

/** A video in a user turn (MiniMax-M3): ≤ 50 MB inline; larger by `mm_file://` (≤ 512 MB). */
export interface VideoBlockParam {
  type: 'video';
  source: MediaSource;
  cache_control?: CacheControl | null;
}

/** A tool call made by the assistant, replayed in the history. */
export interface ToolUseBlockParam {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
  cache_control?: CacheControl | null;
}

/** The answer to a tool call, sent in the next user turn. */
export interface ToolResultBlockParam {
  type: 'tool_result';
  /** The `id` of the `tool_use` block this answers. */
  tool_use_id: string;
  content?: string | Array<TextBlockParam | ImageBlockParam>;
  /** Marks the result as a failure the model should react to. */
  is_error?: boolean;
  cache_control?: CacheControl | null;
}

/** The model's reasoning, replayed verbatim (signature included) in a tool loop. */
export interface ThinkingBlockParam {
  type: 'thinking';
  thinking: string;
  signature?: string;
}

/** Reasoning the API returned encrypted, replayed verbatim. */
export interface RedactedThinkingBlockParam {
  type: 'redacted_thinking';
  data: string;
}

/** Any block a request message may hold. Response blocks (`message.content`) fit as they are. */
export type ContentBlockParam =
  | TextBlockParam
  | ImageBlockParam
  | VideoBlockParam
  | ToolUseBlockParam
  | ToolResultBlockParam
  | ThinkingBlockParam
  | RedactedThinkingBlockParam
  | UnknownBlock;

/**
 * One turn of the conversation.
 *
 * @example
 * const history: MessageParam[] = [
 *   { role: 'user', content: 'What is the weather in Paris?' },
 *   { role: 'assistant', content: reply.content }, // replay the whole content array unchanged
 *   { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' }] },
 * ];
 */
export interface MessageParam {
  role: 'user' | 'assistant';
  content: string | ContentBlockParam[];
}

/** JSON Schema of a tool's input; the top level is always an object. */
export interface ToolInputSchema {
  type: 'object';
  properties?: Record<string, unknown> | null;
  required?: string[] | null;
  [key: string]: unknown;
}

/** A tool the model may call. */
export interface Tool {
  name: string;
  /** What the tool does and when to use it: the model decides from this text. */
  description?: string;
  input_schema: ToolInputSchema;
  cache_control?: CacheControl | null;
}

/** Let the model decide whether to call a tool. */
export interface ToolChoiceAuto {
  type: 'auto';
  disable_parallel_tool_use?: boolean;
}

/** The model must call one of the tools. */
export interface ToolChoiceAny {
  type: 'any';
  disable_parallel_tool_use?: boolean;
}

/** The model must call the named tool. */
export interface ToolChoiceTool {
  type: 'tool';
  name: string;
  disable_parallel_tool_use?: boolean;
}

/** The model must not call tools. */
export interface ToolChoiceNone {
  type: 'none';
}

export type ToolChoice = ToolChoiceAuto | ToolChoiceAny | ToolChoiceTool | ToolChoiceNone;

/**
 * Extended thinking. MiniMax-M2.x always thinks; MiniMax-M3 thinks only with
 * `{ type: 'adaptive' }` (or `enabled`).
 */
export type ThinkingConfig =
  | { type: 'enabled'; budget_tokens: number }
  | { type: 'adaptive' }
  | { type: 'disabled' };

/** How hard MiniMax-M3.1 thinks: `low` … `max` (the default). */
export type Effort = 'low' | 'medium' | 'high' | 'xhigh' | 'max' | (string & {});

/** Output settings. */
export interface OutputConfig {
  /** Thinking depth (MiniMax-M3.1). */
  effort?: Effort;
  [key: string]: unknown;
}

export interface Metadata {
  /** An opaque id of the end user, for abuse detection. */
  user_id?: string | null;
}

/**
 * Parameters of `text.create` and `text.createStream`. Unset optional keys are not sent.
 *
 * @example
 * const params: MessageCreateParams = {
 *   model: 'MiniMax-M2.7',
 *   max_tokens: 1024,
 *   system: 'You are terse.',
 *   messages: [{ role: 'user', content: 'Hello' }],
 * };
 */
export interface MessageCreateParams {
  /** The text model, e.g. `MiniMax-M3` or `MiniMax-M2.7`; any other id is sent as given. */
  model: TextModel;
  /** The conversation so far, oldest first; passed through unchanged. */
  messages: MessageParam[];
  /** Upper bound on generated tokens (thinking included). */
  max_tokens: number;
  /** System prompt: a string or text blocks (which may carry `cache_control`). */
  system?: string | TextBlockParam[];
  /** Sampling temperature; documented range (0, 1] (newer docs: [0, 2]). `0` is sent as is. */
  temperature?: number;
  /** Nucleus sampling, (0, 1]; default 0.95 (M3) or 0.9 (M2.x). */
  top_p?: number;
  /** Sent as given; the endpoint documents it as ignored. */
  top_k?: number;
  /** Strings that end generation; sent as given (older docs said ignored). */
  stop_sequences?: string[];
  /** Tools the model may call; it answers with `tool_use` blocks (`stop_reason: 'tool_use'`). */
  tools?: Tool[];
  /** Whether the model must, may or must not call a tool, or which one. */
  tool_choice?: ToolChoice;
  /** MiniMax-M3: off unless `{ type: 'adaptive' }`; MiniMax-M2.x always thinks. */
  thinking?: ThinkingConfig;
  /** Request metadata, such as an end-user id. */
  metadata?: Metadata;
  /** `standard` or `priority` (faster, billed at 1.5×). */
  service_tier?: 'standard' | 'priority' | (string & {});
  /** Output settings such as `{ effort: 'high' }` (MiniMax-M3.1). */
  output_config?: OutputConfig;
}

// ---------------------------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------------------------

/** Why generation stopped. Other values may appear. */
export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | (string & {});

/** Token counts. Cache fields are kept when the API sends them; other fields pass through too. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export interface TextBlock {
  type: 'text';
  text: string;
}

export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  /**
   * The arguments, usually an object. From a stream: the joined `input_json_delta` fragments,
   * parsed; when they are not valid JSON, the raw string is kept so nothing is lost.
   */
  input: unknown;
}

export interface ThinkingBlock {
  type: 'thinking';
  thinking: string;
  /** Absent when the API sent none; replay the block as received. */
  signature?: string;
}

export interface RedactedThinkingBlock {
  type: 'redacted_thinking';
  /** Opaque encrypted reasoning; replay as is. */
  data: string;
}

/** Content of a `Message`; blocks of other types arrive as `UnknownBlock`. */
export type ContentBlock = TextBlock | ToolUseBlock | ThinkingBlock | RedactedThinkingBlock | UnknownBlock;

/** A block of a type this SDK does not know (e.g. a server tool), exactly as received. */
export interface UnknownBlock {
  type: UnknownType;
  [key: string]: unknown;
}

/**
 * The assistant's reply.
 *
 * @example
 * const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
 */
export interface Message {
  id: string;
  type: 'message';
  role: 'assistant';
  /** Thinking blocks may come before text; keep the whole array to continue a tool loop. */
  content: ContentBlock[];
  model: string;
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  usage: Usage;
  /** MiniMax trace id (body, else response header), for support requests. */
  trace_id?: string;
}

export type * from './text-stream-types.js';

/**
 * What `text.countTokens` counts: a Messages request without the answer budget. Every field
 * `text.create` takes is accepted (tools, system and thinking count too).
 */
export type CountTokensParams = Omit<MessageCreateParams, 'max_tokens'> & {
  /** Accepted and ignored: counting needs no answer budget. */
  max_tokens?: number;
};

/** The prompt's size as the model bills it. */
export interface MessageTokensCount {
  /** Tokens the request's messages, system prompt and tools take. */
  input_tokens: number;
  trace_id?: string;
}
