/**
 * `POST /v1/responses`: the OpenAI-compatible Responses endpoint. The reply is the one the chat
 * route gives the same conversation; it comes back as `output` items (a `reasoning` item when the
 * model thinks, the `message`, a `function_call`), and streamed as the Responses events.
 */

import { STREAM_KINDS } from '../faults.js';
import { sendJson } from '../respond.js';
import { type SseFrame, sseFrame, writeSse } from '../sse.js';
import type { Handler } from '../types.js';
import { isObject, type JsonObject } from '../util.js';
import {
  bodyObject,
  invalid,
  optionalArray,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalString,
  requireString,
} from '../validate.js';
import {
  alwaysThinks,
  type ChatReply,
  type ChatRequest,
  type ChatTool,
  openaiErrorFrame,
  reply,
  toolChoice,
} from './chat.js';
import { slices, wordPieces } from './text.js';

const ROLES = ['user', 'assistant', 'system', 'developer'];

/** Text of an input message's content: a string or `input_text` / `output_text` parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of Array.isArray(content) ? content : []) {
    if (
      isObject(part) &&
      (part.type === 'input_text' || part.type === 'output_text') &&
      typeof part.text === 'string'
    )
      text += part.text;
  }
  return text;
}

/** The request, read into the conversation the chat route answers. */
function readRequest(raw: unknown): ChatRequest {
  const body = bodyObject(raw);
  const model = requireString(body, 'model');
  const input = body.input;
  let prompt = '';
  let toolResult: string | undefined;
  let inputChars = (optionalString(body, 'instructions') ?? '').length;
  if (typeof input === 'string') {
    if (input === '') invalid('input', 'must not be empty');
    prompt = input;
    inputChars += input.length;
  } else if (Array.isArray(input) && input.length > 0) {
    input.forEach((item, i) => {
      const field = `input[${i}]`;
      if (!isObject(item)) invalid(field, 'must be an object');
      const type = item.type ?? 'message';
      if (type === 'message') {
        const role = requireString(item, 'role', { oneOf: ROLES }, `${field}.`);
        if (typeof item.content !== 'string' && !Array.isArray(item.content))
          invalid(`${field}.content`, 'must be a string or an array');
        const text = contentText(item.content);
        inputChars += text.length;
        if (role === 'user') {
          prompt = text;
          toolResult = undefined;
        }
      } else if (type === 'function_call_output') {
        requireString(item, 'call_id', {}, `${field}.`);
        const output = typeof item.output === 'string' ? item.output : JSON.stringify(item.output ?? '');
        inputChars += output.length;
        toolResult = (toolResult ?? '') + output;
      } else if (type !== 'function_call' && type !== 'reasoning') {
        invalid(`${field}.type`, `is not an input item type: ${String(type)}`);
      }
    });
  } else invalid('input', 'is required: a string or a non-empty array of items');
  optionalNumber(body, 'temperature', { min: 0, minExclusive: true, max: 1 });
  optionalNumber(body, 'top_p', { min: 0, minExclusive: true, max: 1 });
  const maxTokens = optionalNumber(body, 'max_output_tokens', { min: 1, integer: true });
  const tools = (optionalArray(body, 'tools') ?? []).map((t, i): ChatTool => {
    if (!isObject(t)) invalid(`tools[${i}]`, 'must be an object');
    requireString(t, 'type', { oneOf: ['function'] }, `tools[${i}].`);
    const name = requireString(t, 'name', {}, `tools[${i}].`);
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name)) invalid(`tools[${i}].name`, 'must match ^[a-zA-Z0-9_-]{1,64}$');
    inputChars += JSON.stringify(t).length;
    return { name, parameters: optionalObject(t, 'parameters', `tools[${i}].`) };
  });
  const choice = toolChoice(body.tool_choice, tools);
  const reasoning = optionalObject(body, 'reasoning');
  return {
    model,
    maxTokens,
    prompt,
    toolResult,
    tools,
    choice,
    thinking: alwaysThinks(model) || reasoning.effort !== undefined,
    split: true,
    inputChars,
    stream: optionalBoolean(body, 'stream') ?? false,
    includeUsage: true,
  };
}

/** The ids of one reply's items, made from the response id so they repeat with it. */
function itemIds(id: string) {
  const tail = id.slice(id.indexOf('_') + 1);
  return { reasoning: `rs_${tail}`, message: `msg_${tail}`, call: `fc_${tail}` };
}

function outputItems(r: ChatReply, status: string): JsonObject[] {
  const ids = itemIds(r.id);
  const items: JsonObject[] = [];
  if (r.reasoning !== undefined)
    items.push({
      type: 'reasoning',
      id: ids.reasoning,
      summary: [{ type: 'summary_text', text: r.reasoning }],
    });
  if (r.text !== '' || r.toolCall === undefined)
    items.push({
      type: 'message',
      id: ids.message,
      role: 'assistant',
      status,
      content: [{ type: 'output_text', text: r.text, annotations: [] }],
    });
  if (r.toolCall !== undefined)
    items.push({
      type: 'function_call',
      id: ids.call,
      call_id: r.toolCall.id,
      name: r.toolCall.name,
      arguments: r.toolCall.arguments,
      status: 'completed',
    });
  return items;
}

function usageOf(r: ChatReply): JsonObject {
  const usage = r.usage as { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  const details = r.usage.completion_tokens_details as { reasoning_tokens: number };
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: details.reasoning_tokens },
    total_tokens: usage.total_tokens,
  };
}

/** The response object; `output` and `usage` only once it is done. */
function responseBody(r: ChatReply, raw: JsonObject, done: boolean): JsonObject {
  const incomplete = r.finishReason === 'length';
  const status = !done ? 'in_progress' : incomplete ? 'incomplete' : 'completed';
  const output = done ? outputItems(r, incomplete ? 'incomplete' : 'completed') : [];
  return {
    id: r.id,
    object: 'response',
    created_at: r.created,
    status,
    model: r.model,
    output,
    output_text: done ? r.text : '',
    usage: done ? usageOf(r) : null,
    error: null,
    incomplete_details: done && incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: typeof raw.instructions === 'string' ? raw.instructions : null,
    max_output_tokens: typeof raw.max_output_tokens === 'number' ? raw.max_output_tokens : null,
    parallel_tool_calls: raw.parallel_tool_calls !== false,
    temperature: typeof raw.temperature === 'number' ? raw.temperature : 1,
    top_p: typeof raw.top_p === 'number' ? raw.top_p : 0.95,
    tool_choice: raw.tool_choice ?? 'auto',
    tools: Array.isArray(raw.tools) ? raw.tools : [],
    previous_response_id: typeof raw.previous_response_id === 'string' ? raw.previous_response_id : null,
    metadata: isObject(raw.metadata) ? raw.metadata : {},
  };
}

/** The stream's events, in OpenAI's order, each framed with its `event:` name and a sequence number. */
function streamFrames(r: ChatReply, raw: JsonObject): SseFrame[] {
  const frames: SseFrame[] = [];
  const event = (type: string, data: JsonObject) =>
    frames.push(sseFrame({ type, sequence_number: frames.length, ...data }, { event: type }));
  const final = responseBody(r, raw, true);
  event('response.created', { response: responseBody(r, raw, false) });
  event('response.in_progress', { response: responseBody(r, raw, false) });
  (final.output as JsonObject[]).forEach((item, output_index) => {
    const item_id = item.id;
    if (item.type === 'reasoning') {
      const text = r.reasoning ?? '';
      event('response.output_item.added', { output_index, item: { ...item, summary: [] } });
      const part = { type: 'summary_text', text: '' };
      event('response.reasoning_summary_part.added', { item_id, output_index, summary_index: 0, part });
      for (const delta of wordPieces(text))
        event('response.reasoning_summary_text.delta', { item_id, output_index, summary_index: 0, delta });
      event('response.reasoning_summary_text.done', { item_id, output_index, summary_index: 0, text });
      event('response.reasoning_summary_part.done', {
        item_id,
        output_index,
        summary_index: 0,
        part: { ...part, text },
      });
    } else if (item.type === 'message') {
      event('response.output_item.added', {
        output_index,
        item: { ...item, status: 'in_progress', content: [] },
      });
      const part = { type: 'output_text', text: '', annotations: [] };
      event('response.content_part.added', { item_id, output_index, content_index: 0, part });
      for (const delta of wordPieces(r.text))
        event('response.output_text.delta', { item_id, output_index, content_index: 0, delta, logprobs: [] });
      event('response.output_text.done', {
        item_id,
        output_index,
        content_index: 0,
        text: r.text,
        logprobs: [],
      });
      event('response.content_part.done', {
        item_id,
        output_index,
        content_index: 0,
        part: { ...part, text: r.text },
      });
    } else if (item.type === 'function_call') {
      const args = String(item.arguments);
      event('response.output_item.added', {
        output_index,
        item: { ...item, arguments: '', status: 'in_progress' },
      });
      for (const delta of slices(args, 8))
        event('response.function_call_arguments.delta', { item_id, output_index, delta });
      event('response.function_call_arguments.done', { item_id, output_index, arguments: args });
    }
    event('response.output_item.done', { output_index, item });
  });
  event(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: final });
  return frames;
}

/** `POST /v1/responses`. */
export const responsesCreate: Handler = (r, ctx) => {
  const c = readRequest(r.body);
  const answer = reply(c, ctx.state.nextId('resp_'));
  const raw = r.body as JsonObject;
  const headers = { 'trace-id': r.traceId };
  if (!c.stream) {
    sendJson(r.res, 200, responseBody(answer, raw, true), headers);
    return undefined;
  }
  writeSse(r.res, streamFrames(answer, raw), {
    fault: ctx.faults.take(r.path, STREAM_KINDS),
    errorFrame: openaiErrorFrame(r.traceId),
    headers,
  });
  return undefined;
};
