/**
 * Lenient decoding of Anthropic-format payloads (messages, blocks, deltas, stream events).
 *
 * Decoding never drops and never rejects a well-formed payload: a missing field gets its
 * default, unknown fields are kept, and blocks, deltas and events of unknown types pass through
 * unchanged. Only a payload that is not an object where one is required is an error
 * (`MiniMaxError`), since nothing sensible can be made of it.
 */
import { MiniMaxError } from '../core/errors.js';
import { isRecord } from '../core/values.js';
import type {
  ContentBlock,
  ContentBlockDelta,
  Message,
  MessageDeltaUsage,
  StreamEvent,
  Usage,
} from './text-types.js';

export type JSONObject = Record<string, unknown>;

/** A string field, or `""`. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function nullableText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function requireObject(value: unknown, what: string): JSONObject {
  if (isRecord(value)) return value;
  throw new MiniMaxError(`Unexpected ${what} in the response: ${JSON.stringify(value)?.slice(0, 200)}`);
}

/** @internal */
export function parseUsage(value: unknown): Usage {
  const usage = isRecord(value) ? value : {};
  return { ...usage, input_tokens: count(usage.input_tokens), output_tokens: count(usage.output_tokens) };
}

/** @internal Known block types get their fields defaulted; any other type is kept as received. */
export function parseContentBlock(value: unknown): ContentBlock {
  const block = requireObject(value, 'content block');
  switch (block.type) {
    case 'text':
      return { ...block, type: 'text', text: text(block.text) };
    case 'tool_use':
      return {
        ...block,
        type: 'tool_use',
        id: text(block.id),
        name: text(block.name),
        input: block.input ?? {},
      };
    case 'thinking':
      // No default signature: the block must replay exactly as the API sent it.
      return { ...block, type: 'thinking', thinking: text(block.thinking) };
    case 'redacted_thinking':
      return { ...block, type: 'redacted_thinking', data: text(block.data) };
    default:
      return { ...block } as unknown as ContentBlock;
  }
}

/** @internal */
export function parseDelta(value: unknown): ContentBlockDelta {
  const delta = requireObject(value, 'content block delta');
  switch (delta.type) {
    case 'text_delta':
      return { ...delta, type: 'text_delta', text: text(delta.text) };
    case 'input_json_delta':
      return { ...delta, type: 'input_json_delta', partial_json: text(delta.partial_json) };
    case 'thinking_delta':
      return { ...delta, type: 'thinking_delta', thinking: text(delta.thinking) };
    case 'signature_delta':
      return { ...delta, type: 'signature_delta', signature: text(delta.signature) };
    default:
      return { ...delta } as unknown as ContentBlockDelta;
  }
}

/**
 * @internal Builds a `Message` from a response body: a thinking block without a
 * signature, an unknown block type and a missing `usage` all decode (the API sends each at times).
 */
export function parseMessage(value: unknown): Message {
  const body = requireObject(value, 'message');
  const content = Array.isArray(body.content) ? body.content.map(parseContentBlock) : [];
  return {
    ...body,
    id: text(body.id),
    type: 'message',
    role: 'assistant',
    content,
    model: text(body.model),
    stop_reason: nullableText(body.stop_reason),
    stop_sequence: nullableText(body.stop_sequence),
    usage: parseUsage(body.usage),
  };
}

function parseIndex(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

/** @internal Known event types get their fields defaulted; any other type is kept as received. */
export function parseStreamEvent(payload: JSONObject): StreamEvent {
  switch (payload.type) {
    case 'message_start':
      return { ...payload, type: 'message_start', message: parseMessage(payload.message ?? {}) };
    case 'content_block_start':
      return {
        ...payload,
        type: 'content_block_start',
        index: parseIndex(payload.index),
        content_block: parseContentBlock(payload.content_block),
      };
    case 'content_block_delta': {
      // Nearly every event of a stream is a well-formed text delta: the parsed JSON already has the
      // right shape, so it is used as it is rather than copied twice.
      const delta = payload.delta;
      if (
        isRecord(delta) &&
        delta.type === 'text_delta' &&
        typeof delta.text === 'string' &&
        parseIndex(payload.index) === payload.index
      ) {
        return payload as unknown as StreamEvent;
      }
      return {
        ...payload,
        type: 'content_block_delta',
        index: parseIndex(payload.index),
        delta: parseDelta(payload.delta),
      };
    }
    case 'content_block_stop':
      return { ...payload, type: 'content_block_stop', index: parseIndex(payload.index) };
    case 'message_delta': {
      const delta = isRecord(payload.delta) ? payload.delta : {};
      const usage = isRecord(payload.usage) ? payload.usage : {};
      return {
        ...payload,
        type: 'message_delta',
        delta: {
          ...delta,
          stop_reason: nullableText(delta.stop_reason),
          stop_sequence: nullableText(delta.stop_sequence),
        },
        usage: { ...usage, output_tokens: count(usage.output_tokens) } as MessageDeltaUsage,
      };
    }
    default:
      return payload as unknown as StreamEvent;
  }
}
