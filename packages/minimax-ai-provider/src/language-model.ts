/**
 * The AI SDK language model on `client.text` (MiniMax's Anthropic-compatible Messages endpoint).
 */
import {
  type JSONObject,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3Content,
  type LanguageModelV3FinishReason,
  type LanguageModelV3GenerateResult,
  type LanguageModelV3Prompt,
  type LanguageModelV3StreamPart,
  type LanguageModelV3StreamResult,
  type LanguageModelV3ToolResultOutput,
  type LanguageModelV3Usage,
  type SharedV3ProviderMetadata,
  type SharedV3Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import type {
  ContentBlock,
  ContentBlockParam,
  ImageBlockParam,
  Message,
  MessageCreateParams,
  MessageParam,
  StopReason,
  TextBlockParam,
  TextModel,
  Tool,
  ToolChoice,
  Usage,
} from 'minimax-sdk';
import { mapErrors, toAISDKError } from './errors.js';
import {
  headersOf,
  type ModelContext,
  mergeParams,
  minimaxOptions,
  PROVIDER_KEY,
  requestOptions,
  toBase64,
  unsupported,
} from './shared.js';

const MESSAGES_PATH = '/anthropic/v1/messages';

/** Text models (any string is accepted). */
export type MiniMaxLanguageModelId = TextModel;

/**
 * `providerOptions.minimax` of `generateText` / `streamText`. Keys are the wire's: each one is
 * sent in the request body as given (so fields this package does not know yet still reach the
 * API), over what the standard settings produced.
 *
 * @example
 * await generateText({
 *   model: minimax('MiniMax-M3'),
 *   prompt: 'Why is the sky blue?',
 *   providerOptions: { minimax: { thinking: { type: 'adaptive' }, service_tier: 'priority' } },
 * });
 */
export interface MiniMaxLanguageModelOptions {
  /** Extended thinking: MiniMax-M3 thinks only with `{ type: 'adaptive' }`; M2.x always thinks. */
  thinking?: { type: 'adaptive' } | { type: 'disabled' } | { type: 'enabled'; budget_tokens: number };
  /** `standard` or `priority` (priority costs more). */
  service_tier?: 'standard' | 'priority' | (string & {});
  /** Thinking depth on models that take it, e.g. `{ effort: 'high' }`. */
  output_config?: JSONObject;
  metadata?: { user_id?: string };
  [key: string]: unknown;
}

/** The model's default output budget when the caller sets none (the endpoint requires one). */
const DEFAULT_MAX_TOKENS = 4096;

/** A language model of the MiniMax provider. */
export class MiniMaxLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly modelId: string;
  readonly provider: string;
  // Images by URL go to the API as they are; anything else the AI SDK downloads and inlines.
  readonly supportedUrls: Record<string, RegExp[]> = { 'image/*': [/^https?:\/\/.*$/] };
  readonly #context: ModelContext;

  constructor(modelId: string, context: ModelContext) {
    this.modelId = modelId;
    this.provider = context.provider;
    this.#context = context;
  }

  #url(): string {
    return `${this.#context.client().baseURL}${MESSAGES_PATH}`;
  }

  #params(options: LanguageModelV3CallOptions): { params: MessageCreateParams; warnings: SharedV3Warning[] } {
    const warnings: SharedV3Warning[] = [];
    const { system, messages } = convertPrompt(options.prompt);
    const base: Record<string, unknown> = {
      model: this.modelId,
      max_tokens: options.maxOutputTokens ?? DEFAULT_MAX_TOKENS,
      messages,
    };
    if (options.temperature !== undefined) base.temperature = options.temperature;
    if (options.topP !== undefined) base.top_p = options.topP;
    if (options.topK !== undefined) {
      base.top_k = options.topK;
      warnings.push({ type: 'other', message: 'MiniMax documents top_k as ignored; it was sent anyway.' });
    }
    if (options.stopSequences !== undefined && options.stopSequences.length > 0) {
      base.stop_sequences = options.stopSequences;
      warnings.push({
        type: 'other',
        message: 'MiniMax documents stop_sequences as ignored; they were sent anyway.',
      });
    }
    if (options.presencePenalty !== undefined) warnings.push(unsupported('presencePenalty'));
    if (options.frequencyPenalty !== undefined) warnings.push(unsupported('frequencyPenalty'));
    if (options.seed !== undefined) warnings.push(unsupported('seed'));
    const systemBlocks = [...system];
    if (options.responseFormat?.type === 'json') {
      // The Messages endpoint has no JSON mode, so the schema becomes an instruction.
      warnings.push({
        type: 'compatibility',
        feature: 'responseFormat',
        details: 'JSON output is requested through the system prompt.',
      });
      const schema = options.responseFormat.schema;
      systemBlocks.push({
        type: 'text',
        text:
          schema === undefined
            ? 'Answer with one JSON value and nothing else.'
            : `Answer with one JSON value matching this JSON schema, and nothing else:\n${JSON.stringify(schema)}`,
      });
    }
    if (systemBlocks.length > 0) base.system = systemBlocks;
    const tools: Tool[] = [];
    for (const tool of options.tools ?? []) {
      if (tool.type !== 'function') {
        warnings.push(unsupported(`provider tool ${tool.id}`));
        continue;
      }
      const entry: Tool = {
        name: tool.name,
        input_schema: tool.inputSchema as Tool['input_schema'],
      };
      if (tool.description !== undefined) entry.description = tool.description;
      tools.push(entry);
    }
    if (tools.length > 0) {
      base.tools = tools;
      const choice = toolChoice(options.toolChoice);
      if (choice !== undefined) base.tool_choice = choice;
    }
    const params = mergeParams(base, minimaxOptions(options.providerOptions), ['metadata']);
    return { params: params as unknown as MessageCreateParams, warnings };
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { params, warnings } = this.#params(options);
    const call = { url: this.#url(), body: params, signal: options.abortSignal };
    const { data: message, response } = await mapErrors(call, () =>
      this.#context.client().text.create(params, requestOptions(options)).withResponse(),
    );
    const content: LanguageModelV3Content[] = [];
    for (const block of message.content as Array<ContentBlock | { type: string }>) {
      const part = contentPart(block);
      if (part !== undefined) content.push(part);
    }
    return {
      content,
      finishReason: finishReason(message.stop_reason),
      usage: usageOf(message.usage),
      providerMetadata: metadataOf(message),
      request: { body: params },
      response: {
        id: message.id,
        modelId: message.model,
        headers: headersOf(response),
        body: message,
      },
      warnings,
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const { params, warnings } = this.#params(options);
    const call = { url: this.#url(), body: params, signal: options.abortSignal };
    const stream = await mapErrors(call, async () => {
      const s = this.#context.client().text.createStream(params, requestOptions(options));
      await s.response;
      return s;
    });
    const response = await stream.response;
    const includeRaw = options.includeRawChunks === true;
    const iterator = stream[Symbol.asyncIterator]();
    const state = new StreamState();

    const parts = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        controller.enqueue({ type: 'stream-start', warnings });
      },
      async pull(controller) {
        try {
          // A pull that enqueues nothing is never called again, so read until a part comes out.
          for (;;) {
            const next = await iterator.next();
            if (next.done) {
              controller.enqueue(state.finish());
              controller.close();
              return;
            }
            const out = state.handle(next.value as StreamEventLike);
            if (includeRaw) out.unshift({ type: 'raw', rawValue: next.value });
            for (const part of out) controller.enqueue(part);
            if (out.length > 0) return;
          }
        } catch (error) {
          controller.enqueue({ type: 'error', error: toAISDKError(error, call) });
          controller.enqueue(state.finish('error'));
          controller.close();
        }
      },
      cancel() {
        stream.abort();
      },
    });
    return { stream: parts, request: { body: params }, response: { headers: headersOf(response) } };
  }
}

/** The fields of a stream event this model reads; unknown event types are skipped. */
interface StreamEventLike {
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
class StreamState {
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

function contentPart(block: ContentBlock | { type: string }): LanguageModelV3Content | undefined {
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

function usageOf(usage: Usage): LanguageModelV3Usage {
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

function metadataOf(message: Message): SharedV3ProviderMetadata {
  const meta: JSONObject = {};
  if (message.trace_id) meta.traceId = message.trace_id;
  if (message.stop_sequence) meta.stopSequence = message.stop_sequence;
  return { [PROVIDER_KEY]: meta };
}

function toolChoice(choice: LanguageModelV3CallOptions['toolChoice']): ToolChoice | undefined {
  switch (choice?.type) {
    case undefined:
      return undefined;
    case 'auto':
      return { type: 'auto' };
    case 'none':
      return { type: 'none' };
    case 'required':
      return { type: 'any' };
    case 'tool':
      return { type: 'tool', name: choice.toolName };
  }
}

function imageBlock(data: Uint8Array | string | URL, mediaType: string): ImageBlockParam {
  if (data instanceof URL) return { type: 'image', source: { type: 'url', url: data.href } };
  const media = mediaType === 'image/*' ? 'image/png' : mediaType;
  return {
    type: 'image',
    source: { type: 'base64', media_type: media, data: typeof data === 'string' ? data : toBase64(data) },
  };
}

function toolResultContent(output: LanguageModelV3ToolResultOutput): {
  content: string | Array<TextBlockParam | ImageBlockParam>;
  is_error?: boolean;
} {
  switch (output.type) {
    case 'text':
      return { content: output.value };
    case 'json':
      return { content: JSON.stringify(output.value) };
    case 'error-text':
      return { content: output.value, is_error: true };
    case 'error-json':
      return { content: JSON.stringify(output.value), is_error: true };
    case 'execution-denied':
      return { content: output.reason ?? 'The tool call was denied.', is_error: true };
    case 'content': {
      const blocks: Array<TextBlockParam | ImageBlockParam> = [];
      for (const item of output.value) {
        if (item.type === 'text') blocks.push({ type: 'text', text: item.text });
        else if (
          item.type === 'image-data' ||
          (item.type === 'file-data' && item.mediaType.startsWith('image/'))
        ) {
          blocks.push(imageBlock(item.data, item.mediaType));
        } else if (item.type === 'image-url') {
          blocks.push({ type: 'image', source: { type: 'url', url: item.url } });
        } else {
          throw new UnsupportedFunctionalityError({
            functionality: `tool result content of type ${item.type}`,
          });
        }
      }
      return { content: blocks };
    }
  }
}

/** The AI SDK prompt as Messages-API system blocks and alternating turns. */
export function convertPrompt(prompt: LanguageModelV3Prompt): {
  system: TextBlockParam[];
  messages: MessageParam[];
} {
  const system: TextBlockParam[] = [];
  const messages: MessageParam[] = [];
  const push = (role: 'user' | 'assistant', blocks: ContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const last = messages.at(-1);
    // Tool results and the next user text are one user turn on this API: consecutive turns merge.
    if (last && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        system.push({ type: 'text', text: message.content });
        break;
      case 'user': {
        const blocks: ContentBlockParam[] = [];
        for (const part of message.content) {
          if (part.type === 'text') blocks.push({ type: 'text', text: part.text });
          else if (part.mediaType.startsWith('image/')) blocks.push(imageBlock(part.data, part.mediaType));
          else
            throw new UnsupportedFunctionalityError({ functionality: `user file of type ${part.mediaType}` });
        }
        push('user', blocks);
        break;
      }
      case 'assistant': {
        const blocks: ContentBlockParam[] = [];
        for (const part of message.content) {
          if (part.type === 'text') {
            if (part.text !== '') blocks.push({ type: 'text', text: part.text });
          } else if (part.type === 'reasoning') {
            // The thinking block is replayed verbatim, signature included, as tool loops require.
            const meta = minimaxOptions(part.providerOptions);
            if (typeof meta.redactedData === 'string') {
              blocks.push({ type: 'redacted_thinking', data: meta.redactedData });
            } else if (typeof meta.signature === 'string') {
              blocks.push({ type: 'thinking', thinking: part.text, signature: meta.signature });
            } else {
              blocks.push({ type: 'thinking', thinking: part.text });
            }
          } else if (part.type === 'tool-call') {
            const input = typeof part.input === 'string' ? parseJSON(part.input) : part.input;
            blocks.push({ type: 'tool_use', id: part.toolCallId, name: part.toolName, input });
          } else if (part.type === 'tool-result') {
            push('assistant', blocks.splice(0));
            push('user', [
              { type: 'tool_result', tool_use_id: part.toolCallId, ...toolResultContent(part.output) },
            ]);
          } else {
            throw new UnsupportedFunctionalityError({ functionality: `assistant ${part.type} parts` });
          }
        }
        push('assistant', blocks);
        break;
      }
      case 'tool': {
        const blocks: ContentBlockParam[] = [];
        for (const part of message.content) {
          if (part.type !== 'tool-result') continue;
          blocks.push({
            type: 'tool_result',
            tool_use_id: part.toolCallId,
            ...toolResultContent(part.output),
          });
        }
        push('user', blocks);
        break;
      }
    }
  }
  return { system, messages };
}

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
