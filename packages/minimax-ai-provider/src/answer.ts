/**
 * Messages answers (whole or streamed) as AI SDK content, stream parts, usage and finish reasons.
 */
import type {
  JSONObject,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
  SharedV3ProviderMetadata,
} from '@ai-sdk/provider';
import type { ContentBlock, Message, StopReason, Usage } from 'minimax-sdk';
import { PROVIDER_KEY, withTrace } from './shared.js';

/** The fields of a stream event this model reads; unknown event types are skipped. */
export interface StreamEventLike {
  type: string;
  index?: number;
  message?: Message;
  content_block?: { type: string; id?: string; name?: string; input?: unknown; data?: string };
  delta?: {
    type?: string;
    text?: string;
    thinking?: string;
    signature?: string;
    partial_json?: string;
    stop_reason?: StopReason | null;
  };
  usage?: Partial<Usage>;
}

type OpenBlock =
  | { kind: 'text'; id: string }
  | { kind: 'reasoning'; id: string; signature: string; redacted?: string }
  | { kind: 'tool'; id: string; name: string; json: string; initial: unknown };

/** Turns Anthropic stream events into AI SDK stream parts. */
export class StreamState {
  readonly #blocks = new Map<number, OpenBlock>();
  #message: Message | undefined;
  #usage: Partial<Usage> = {};
  #stopReason: StopReason | null = null;

  handle(event: StreamEventLike): LanguageModelV3StreamPart[] {
    const index = event.index ?? 0;
    switch (event.type) {
      case 'message_start': {
        if (!event.message) return [];
        this.#message = event.message;
        this.#usage = { ...event.message.usage };
        return [{ type: 'response-metadata', id: event.message.id, modelId: event.message.model }];
      }
      case 'content_block_start': {
        const block = event.content_block;
        if (!block) return [];
        const id = String(index);
        if (block.type === 'text') {
          this.#blocks.set(index, { kind: 'text', id });
          return [{ type: 'text-start', id }];
        }
        if (block.type === 'thinking' || block.type === 'redacted_thinking') {
          const open: OpenBlock = { kind: 'reasoning', id, signature: '' };
          if (block.type === 'redacted_thinking' && block.data !== undefined) open.redacted = block.data;
          this.#blocks.set(index, open);
          return [{ type: 'reasoning-start', id }];
        }
        if (block.type === 'tool_use') {
          const toolId = block.id ?? id;
          const name = block.name ?? '';
          this.#blocks.set(index, { kind: 'tool', id: toolId, name, json: '', initial: block.input });
          return [{ type: 'tool-input-start', id: toolId, toolName: name }];
        }
        return [];
      }
      case 'content_block_delta': {
        const open = this.#blocks.get(index);
        const delta = event.delta;
        if (!open || !delta) return [];
        if (open.kind === 'text' && delta.type === 'text_delta' && delta.text) {
          return [{ type: 'text-delta', id: open.id, delta: delta.text }];
        }
        if (open.kind === 'reasoning') {
          if (delta.type === 'thinking_delta' && delta.thinking) {
            return [{ type: 'reasoning-delta', id: open.id, delta: delta.thinking }];
          }
          if (delta.type === 'signature_delta' && delta.signature) open.signature += delta.signature;
          return [];
        }
        if (open.kind === 'tool' && delta.type === 'input_json_delta' && delta.partial_json) {
          open.json += delta.partial_json;
          return [{ type: 'tool-input-delta', id: open.id, delta: delta.partial_json }];
        }
        return [];
      }
      case 'content_block_stop': {
        const open = this.#blocks.get(index);
        if (!open) return [];
        this.#blocks.delete(index);
        if (open.kind === 'text') return [{ type: 'text-end', id: open.id }];
        if (open.kind === 'reasoning') {
          const meta: JSONObject = {};
          if (open.signature) meta.signature = open.signature;
          if (open.redacted !== undefined) meta.redactedData = open.redacted;
          return [
            Object.keys(meta).length > 0
              ? { type: 'reasoning-end', id: open.id, providerMetadata: { [PROVIDER_KEY]: meta } }
              : { type: 'reasoning-end', id: open.id },
          ];
        }
        const input = open.json !== '' ? open.json : toolInput(open.initial);
        return [
          { type: 'tool-input-end', id: open.id },
          { type: 'tool-call', toolCallId: open.id, toolName: open.name, input },
        ];
      }
      case 'message_delta': {
        if (event.delta?.stop_reason !== undefined) this.#stopReason = event.delta.stop_reason;
        // message_delta usage is cumulative: it replaces, never adds to, what came before.
        if (event.usage) this.#usage = { ...this.#usage, ...dropNulls(event.usage) };
        return [];
      }
      default:
        return [];
    }
  }

  finish(unified?: 'error'): LanguageModelV3StreamPart {
    const usage = usageOf({
      input_tokens: this.#usage.input_tokens ?? 0,
      output_tokens: this.#usage.output_tokens ?? 0,
      ...this.#usage,
    });
    const reason =
      unified === 'error' ? { unified, raw: this.#stopReason ?? undefined } : finishReason(this.#stopReason);
    const meta = this.#message ? metadataOf(this.#message) : undefined;
    return meta
      ? { type: 'finish', usage, finishReason: reason, providerMetadata: meta }
      : { type: 'finish', usage, finishReason: reason };
  }
}

function dropNulls(usage: Partial<Usage>): Partial<Usage> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(usage))
    if (value !== null && value !== undefined) out[key] = value;
  return out as Partial<Usage>;
}

/** A tool call's input as the AI SDK wants it: JSON text. */
function toolInput(input: unknown): string {
  // A stream whose fragments did not parse keeps the raw text (see ToolUseBlock.input).
  if (typeof input === 'string') return input;
  return JSON.stringify(input ?? {});
}

export function contentPart(block: ContentBlock | { type: string }): LanguageModelV3Content | undefined {
  const b = block as ContentBlock;
  switch (b.type) {
    case 'text':
      return { type: 'text', text: b.text };
    case 'thinking':
      return b.signature
        ? {
            type: 'reasoning',
            text: b.thinking,
            providerMetadata: { [PROVIDER_KEY]: { signature: b.signature } },
          }
        : { type: 'reasoning', text: b.thinking };
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', providerMetadata: { [PROVIDER_KEY]: { redactedData: b.data } } };
    case 'tool_use':
      return { type: 'tool-call', toolCallId: b.id, toolName: b.name, input: toolInput(b.input) };
    default:
      return undefined;
  }
}

/** MiniMax stop reason → the AI SDK's; the raw value is kept. */
export function finishReason(reason: StopReason | null): LanguageModelV3FinishReason {
  const raw = reason ?? undefined;
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return { unified: 'stop', raw };
    case 'max_tokens':
      return { unified: 'length', raw };
    case 'tool_use':
      return { unified: 'tool-calls', raw };
    case 'refusal':
      return { unified: 'content-filter', raw };
    default:
      return { unified: 'other', raw };
  }
}

export function usageOf(usage: Usage): LanguageModelV3Usage {
  const cacheRead = usage.cache_read_input_tokens ?? undefined;
  const cacheWrite = usage.cache_creation_input_tokens ?? undefined;
  // As on Anthropic's API, input_tokens counts only the uncached part of the prompt.
  const total = usage.input_tokens + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const raw: JSONObject = {};
  for (const [key, value] of Object.entries(usage)) {
    if (typeof value === 'number' || typeof value === 'string' || value === null) raw[key] = value;
  }
  return {
    inputTokens: { total, noCache: usage.input_tokens, cacheRead, cacheWrite },
    outputTokens: { total: usage.output_tokens, text: undefined, reasoning: undefined },
    raw,
  };
}

export function metadataOf(message: Message): SharedV3ProviderMetadata {
  const meta: JSONObject = withTrace({}, message.trace_id);
  if (message.stop_sequence) meta.stopSequence = message.stop_sequence;
  return { [PROVIDER_KEY]: meta };
}
