/**
 * The AI SDK language model on `client.text` (MiniMax's Anthropic-compatible Messages endpoint).
 */
import type {
  JSONObject,
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  SharedV3Warning,
} from '@ai-sdk/provider';
import type { ContentBlock, MessageCreateParams, TextModel, Tool } from 'minimax-sdk';
import {
  contentPart,
  finishReason,
  metadataOf,
  type StreamEventLike,
  StreamState,
  usageOf,
} from './answer.js';
import { mapErrors, toAISDKError } from './errors.js';
import { convertPrompt, toolChoice } from './prompt.js';
import {
  headersOf,
  MiniMaxModel,
  mergeParams,
  minimaxOptions,
  requestOptions,
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
export class MiniMaxLanguageModel extends MiniMaxModel implements LanguageModelV3 {
  // Images by URL go to the API as they are; anything else the AI SDK downloads and inlines.
  readonly supportedUrls: Record<string, RegExp[]> = { 'image/*': [/^https?:\/\/.*$/] };

  #url(): string {
    return `${this.client().baseURL}${MESSAGES_PATH}`;
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
      this.client().text.create(params, requestOptions(options)).withResponse(),
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
      const s = this.client().text.createStream(params, requestOptions(options));
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
