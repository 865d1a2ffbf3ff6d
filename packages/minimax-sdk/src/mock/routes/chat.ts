/**
 * `POST /v1/chat/completions`: the OpenAI-compatible endpoint. Replies come from the prompt (as on
 * the Anthropic route); MiniMax-M2.x always reasons, inline as `<think>…</think>` or, with
 * `reasoning_split: true`, in `reasoning_details`. Streams can show the platform's quirks on
 * request (the `x-mock-stream-quirks` header).
 */

import { STREAM_KINDS } from '../faults.js';
import { openaiErrorBody, openaiErrorFor, sendJson } from '../respond.js';
import { type SseFrame, sseFrame, writeSse } from '../sse.js';
import type { Handler, MockRequest } from '../types.js';
import { excerpt, isObject, type JsonObject, sha256 } from '../util.js';
import {
  bodyObject,
  invalid,
  optionalArray,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  requireString,
} from '../validate.js';
import { arithmetic, sampleValue, slices, tokens, wordPieces } from './text.js';

export interface ChatTool {
  name: string;
  parameters: JsonObject;
}

/** A conversation as the chat and responses routes read it. */
export interface ChatRequest {
  model: string;
  maxTokens: number | undefined;
  prompt: string;
  toolResult: string | undefined;
  tools: ChatTool[];
  choice: { type: string; name?: string };
  thinking: boolean;
  split: boolean;
  inputChars: number;
  stream: boolean;
  includeUsage: boolean;
}

/** Whether a model reasons on every turn: the M2 family does (the docs say it cannot be turned off). */
export function alwaysThinks(model: string): boolean {
  return /^minimax-m2/i.test(model);
}

/** Text of an OpenAI message content: a string or text parts. */
function partsText(content: unknown): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of Array.isArray(content) ? content : []) {
    if (isObject(part) && part.type === 'text' && typeof part.text === 'string') text += part.text;
  }
  return text;
}

const ROLES = ['system', 'user', 'assistant', 'tool', 'developer'];

/**
 * `tool_choice` of the OpenAI-compatible endpoints: `none`, `auto`, `required`, or an object
 * naming one of `tools`. Chat Completions nests the name (`{ function: { name } }`), Responses
 * does not (`{ name }`); `nest` says which.
 */
export function toolChoice(
  raw: unknown,
  tools: readonly { name: string }[],
  nest?: 'function',
): ChatRequest['choice'] {
  if (raw === undefined || raw === null) return { type: 'auto' };
  if (typeof raw === 'string') {
    if (!['none', 'auto', 'required'].includes(raw))
      invalid('tool_choice', 'must be none, auto, required or a function choice');
    return { type: raw };
  }
  if (!isObject(raw)) invalid('tool_choice', 'must be a string or an object');
  const where = nest ? `tool_choice.${nest}.` : 'tool_choice.';
  const name = requireString(nest ? optionalObject(raw, nest, 'tool_choice.') : raw, 'name', {}, where);
  if (!tools.some((t) => t.name === name)) invalid(`${where}name`, `names no tool in tools: ${name}`);
  return { type: 'function', name };
}

function readRequest(raw: unknown): ChatRequest {
  const body = bodyObject(raw);
  const model = requireString(body, 'model');
  const messages = optionalArray(body, 'messages');
  if (messages === undefined || messages.length === 0)
    invalid('messages', 'is required and must not be empty');
  let inputChars = 0;
  let prompt = '';
  let toolResult: string | undefined;
  messages.forEach((m, i) => {
    const field = `messages[${i}]`;
    if (!isObject(m)) invalid(field, 'must be an object');
    const role = requireString(m, 'role', { oneOf: ROLES }, `${field}.`);
    const content = m.content;
    if (role !== 'assistant' && typeof content !== 'string' && !Array.isArray(content))
      invalid(`${field}.content`, 'must be a string or an array');
    if (role === 'tool' && typeof m.tool_call_id !== 'string')
      invalid(`${field}.tool_call_id`, 'is required');
    const text = partsText(content);
    inputChars += text.length;
    if (role === 'user') {
      prompt = text;
      toolResult = undefined;
    } else if (role === 'tool') toolResult = (toolResult ?? '') + text;
  });
  optionalNumber(body, 'temperature', { min: 0, minExclusive: true, max: 1 });
  optionalNumber(body, 'top_p', { min: 0, minExclusive: true, max: 1 });
  const maxTokens =
    optionalNumber(body, 'max_completion_tokens', { min: 1, integer: true }) ??
    optionalNumber(body, 'max_tokens', { min: 1, integer: true });
  const tools = (optionalArray(body, 'tools') ?? []).map((t, i): ChatTool => {
    if (!isObject(t)) invalid(`tools[${i}]`, 'must be an object');
    requireString(t, 'type', { oneOf: ['function'] }, `tools[${i}].`);
    const fn = optionalObject(t, 'function', `tools[${i}].`);
    const name = requireString(fn, 'name', {}, `tools[${i}].function.`);
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name))
      invalid(`tools[${i}].function.name`, 'must match ^[a-zA-Z0-9_-]{1,64}$');
    inputChars += JSON.stringify(t).length;
    return { name, parameters: optionalObject(fn, 'parameters', `tools[${i}].function.`) };
  });
  const choice = toolChoice(body.tool_choice, tools, 'function');
  const thinkingType = optionalObject(body, 'thinking').type;
  const thinking =
    alwaysThinks(model) ||
    thinkingType === 'enabled' ||
    thinkingType === 'adaptive' ||
    body.reasoning_effort !== undefined;
  const streamOptions = optionalObject(body, 'stream_options');
  return {
    model,
    maxTokens,
    prompt,
    toolResult,
    tools,
    choice,
    thinking,
    split: optionalBoolean(body, 'reasoning_split') ?? false,
    inputChars,
    stream: optionalBoolean(body, 'stream') ?? false,
    includeUsage: optionalBoolean(streamOptions, 'include_usage', 'stream_options.') ?? false,
  };
}

function pickTool(c: ChatRequest): ChatTool | undefined {
  if (c.tools.length === 0 || c.choice.type === 'none') return undefined;
  if (c.choice.type === 'function') return c.tools.find((t) => t.name === c.choice.name);
  // With `auto`, a turn that brings tool results back is answered in text, so tool loops end.
  if (c.choice.type === 'auto' && c.toolResult !== undefined) return undefined;
  const lower = c.prompt.toLowerCase();
  return c.tools.find((t) => lower.includes(t.name.toLowerCase().replaceAll('_', ' '))) ?? c.tools[0];
}

/** The reply to a conversation (the responses route answers the same one). */
export interface ChatReply {
  id: string;
  created: number;
  model: string;
  reasoning: string | undefined;
  text: string;
  toolCall: { id: string; name: string; arguments: string } | undefined;
  finishReason: string;
  usage: JsonObject;
}

export function reply(c: ChatRequest, id: string): ChatReply {
  const reasoning = c.thinking
    ? `The user wrote ${c.prompt.length} characters: "${excerpt(c.prompt, 80)}". I will answer briefly.`
    : undefined;
  const tool = pickTool(c);
  let text: string;
  if (tool !== undefined) text = `I'll use the ${tool.name} tool for this.`;
  else if (c.toolResult !== undefined) text = `The tool returned: ${excerpt(c.toolResult, 200)}`;
  else {
    const answer = arithmetic(c.prompt);
    text = answer === undefined ? `This is a mock reply to: "${excerpt(c.prompt, 200)}"` : `${answer}.`;
  }
  let finishReason = tool === undefined ? 'stop' : 'tool_calls';
  const budget =
    c.maxTokens === undefined ? Number.POSITIVE_INFINITY : c.maxTokens * 4 - (reasoning?.length ?? 0);
  if (text.length > budget) {
    text = text.slice(0, Math.max(0, budget));
    finishReason = 'length';
  }
  const toolCall =
    tool !== undefined && finishReason === 'tool_calls'
      ? {
          id: `call_${sha256(`${id}:${tool.name}`).slice(0, 24)}`,
          name: tool.name,
          arguments: JSON.stringify(sampleValue(tool.parameters, excerpt(c.prompt, 60))),
        }
      : undefined;
  const reasoningTokens = reasoning === undefined ? 0 : tokens(reasoning.length);
  const completionTokens = tokens(text.length + (toolCall?.arguments.length ?? 0)) + reasoningTokens;
  const promptTokens = tokens(c.inputChars);
  return {
    id,
    created: Math.floor(Date.now() / 1000),
    model: c.model,
    reasoning,
    text,
    toolCall,
    finishReason,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      completion_tokens_details: { reasoning_tokens: reasoningTokens },
    },
  };
}

const reasoningDetail = (text: string) => ({
  type: 'reasoning.text',
  id: 'reasoning-text-1',
  format: 'MiniMax-response-v1',
  index: 0,
  text,
});

/** The inline form MiniMax uses when `reasoning_split` is off. */
const inlineThinking = (reasoning: string) => `<think>\n${reasoning}\n</think>\n\n`;

function completionBody(r: ChatReply, c: ChatRequest): JsonObject {
  const message: JsonObject = { role: 'assistant', content: r.text };
  if (r.reasoning !== undefined) {
    if (c.split) message.reasoning_details = [reasoningDetail(r.reasoning)];
    else message.content = inlineThinking(r.reasoning) + r.text;
  }
  if (r.toolCall !== undefined) {
    message.tool_calls = [
      {
        id: r.toolCall.id,
        type: 'function',
        function: { name: r.toolCall.name, arguments: r.toolCall.arguments },
      },
    ];
  }
  return {
    id: r.id,
    object: 'chat.completion',
    created: r.created,
    model: r.model,
    choices: [{ index: 0, message, finish_reason: r.finishReason }],
    usage: r.usage,
  };
}

/** Platform stream quirks a request can ask for. */
export const STREAM_QUIRKS = ['empty-role', 'null-delta', 'cumulative-reasoning'] as const;
type Quirk = (typeof STREAM_QUIRKS)[number];

/** The quirks named in `x-mock-stream-quirks` (a comma list, or `all`). */
function quirksOf(r: MockRequest): Set<Quirk> {
  const header = r.headers['x-mock-stream-quirks'];
  const names = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim());
  if (names.includes('all')) return new Set(STREAM_QUIRKS);
  return new Set(STREAM_QUIRKS.filter((q) => names.includes(q)));
}

function streamFrames(r: ChatReply, c: ChatRequest, quirks: Set<Quirk>): SseFrame[] {
  const frames: SseFrame[] = [];
  const chunk = (delta: JsonObject | null, finish: string | null = null, extra: JsonObject = {}) =>
    frames.push(
      sseFrame({
        id: r.id,
        object: 'chat.completion.chunk',
        created: r.created,
        model: r.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
        ...extra,
      }),
    );
  const role = quirks.has('empty-role') ? '' : 'assistant';
  chunk({ role, content: '' });
  if (r.reasoning !== undefined) {
    if (c.split) {
      let sofar = '';
      for (const piece of wordPieces(r.reasoning)) {
        sofar += piece;
        const text = quirks.has('cumulative-reasoning') ? sofar : piece;
        chunk({ role, content: '', reasoning_details: [reasoningDetail(text)] });
      }
    } else {
      for (const piece of wordPieces(inlineThinking(r.reasoning))) chunk({ role, content: piece });
    }
  }
  for (const piece of wordPieces(r.text)) chunk({ role, content: piece });
  if (r.toolCall !== undefined) {
    const { id, name, arguments: args } = r.toolCall;
    chunk({ role, tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: '' } }] });
    for (const piece of slices(args, 8))
      chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] });
  }
  chunk(quirks.has('null-delta') ? null : {}, r.finishReason);
  if (c.includeUsage) {
    frames.push(
      sseFrame({
        id: r.id,
        object: 'chat.completion.chunk',
        created: r.created,
        model: r.model,
        choices: [],
        usage: r.usage,
      }),
    );
  }
  frames.push(['data: [DONE]\n\n']);
  return frames;
}

/** A stream of the OpenAI-compatible routes reports a failure as an OpenAI-envelope error event. */
export function openaiErrorFrame(traceId: string) {
  return (code: number, message: string | undefined): SseFrame => {
    const { status, type } = openaiErrorFor(code);
    return sseFrame(openaiErrorBody(status, type, message ?? type, traceId, code));
  };
}

/** `POST /v1/chat/completions`. */
export const chatCompletions: Handler = (r, ctx) => {
  const c = readRequest(r.body);
  const answer = reply(c, ctx.state.nextId('chatcmpl-mock-'));
  const headers = { 'trace-id': r.traceId };
  if (!c.stream) {
    sendJson(r.res, 200, completionBody(answer, c), headers);
    return undefined;
  }
  writeSse(r.res, streamFrames(answer, c, quirksOf(r)), {
    fault: ctx.faults.take(r.path, STREAM_KINDS),
    errorFrame: openaiErrorFrame(r.traceId),
    headers,
  });
  return undefined;
};
