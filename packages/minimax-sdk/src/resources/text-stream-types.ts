/** Stream event types of `text.createStream` (Anthropic event shapes). */
import type { ContentBlock, Message, StopReason, UnknownType } from './text-types.js';

export interface TextDelta {
  type: 'text_delta';
  text: string;
}

/** A fragment of a tool call's JSON input; fragments only parse once joined. */
export interface InputJsonDelta {
  type: 'input_json_delta';
  partial_json: string;
}

export interface ThinkingDelta {
  type: 'thinking_delta';
  thinking: string;
}

export interface SignatureDelta {
  type: 'signature_delta';
  signature: string;
}

/** Increments of a content block; deltas of other types arrive as `UnknownDelta`. */
export type ContentBlockDelta = TextDelta | InputJsonDelta | ThinkingDelta | SignatureDelta | UnknownDelta;

/** A delta of a type this SDK does not know, exactly as received. */
export interface UnknownDelta {
  type: UnknownType;
  [key: string]: unknown;
}

export interface MessageDelta {
  stop_reason: StopReason | null;
  stop_sequence: string | null;
}

/** Usage in `message_delta`: counts so far (cumulative, not increments). */
export interface MessageDeltaUsage {
  output_tokens: number;
  input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** First event: the message with empty content. */
export interface MessageStartEvent {
  type: 'message_start';
  message: Message;
}

export interface ContentBlockStartEvent {
  type: 'content_block_start';
  index: number;
  content_block: ContentBlock;
}

export interface ContentBlockDeltaEvent {
  type: 'content_block_delta';
  index: number;
  delta: ContentBlockDelta;
}

export interface ContentBlockStopEvent {
  type: 'content_block_stop';
  index: number;
}

/** Top-level changes near the end: stop reason and final usage. */
export interface MessageDeltaEvent {
  type: 'message_delta';
  delta: MessageDelta;
  usage: MessageDeltaUsage;
}

export interface MessageStopEvent {
  type: 'message_stop';
}

/**
 * What `text.createStream` yields. `ping` is skipped, `error` events are thrown as the mapped
 * error, and other event types pass through at run time (see `UnknownEvent`).
 */
export type StreamEvent =
  | MessageStartEvent
  | ContentBlockStartEvent
  | ContentBlockDeltaEvent
  | ContentBlockStopEvent
  | MessageDeltaEvent
  | MessageStopEvent
  | UnknownEvent;

/** An event of a type this SDK does not know, exactly as received. */
export interface UnknownEvent {
  type: UnknownType;
  [key: string]: unknown;
}
