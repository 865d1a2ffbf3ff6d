/**
 * `POST /anthropic/v1/messages`: the Anthropic-compatible endpoint. Replies are derived from the
 * prompt so tests can assert on them; tools yield `tool_use` blocks and thinking yields signed
 * `thinking` blocks, in JSON or as the full Anthropic SSE event sequence.
 */

import { STREAM_KINDS } from '../faults.js';
import { anthropicErrorFor, sendJson } from '../respond.js';
import { type SseFrame, sseFrame, writeSse } from '../sse.js';
import type { Handler } from '../types.js';
import { excerpt, isObject, type JsonObject, sha256 } from '../util.js';
import {
  bodyObject,
  invalid,
  optionalArray,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalString,
  requireNumber,
  requireString,
} from '../validate.js';

interface Tool {
  name: string;
  input_schema: JsonObject;
}

type Block =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

interface Conversation {
  model: string;
  maxTokens: number;
  /** Text of the last user turn. */
  prompt: string;
  /** Text of the tool results in the last user turn, when it carried any. */
  toolResult: string | undefined;
  tools: Tool[];
  choice: { type: string; name?: string };
  thinking: boolean;
  inputChars: number;
  stream: boolean;
}

/** Text of a message's content: a string, or the text (and tool result) blocks in it. */
function contentText(content: unknown): { text: string; toolResult: string | undefined } {
  if (typeof content === 'string') return { text: content, toolResult: undefined };
  let text = '';
  let toolResult: string | undefined;
  for (const block of Array.isArray(content) ? content : []) {
    if (!isObject(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    if (block.type === 'tool_result') toolResult = (toolResult ?? '') + contentText(block.content).text;
  }
  return { text, toolResult };
}

/** Validates the request (400 `invalid_request_error` naming the field) and distils what the reply needs. */
function readConversation(raw: unknown, counting = false): Conversation {
  const body = bodyObject(raw);
  const model = requireString(body, 'model');
  // Counting tokens needs no answer budget, as on the platform.
  const maxTokens = counting
    ? (optionalNumber(body, 'max_tokens', { min: 1, integer: true }) ?? 1)
    : requireNumber(body, 'max_tokens', { min: 1, integer: true });
  const messages = optionalArray(body, 'messages');
  if (messages === undefined || messages.length === 0)
    invalid('messages', 'is required and must not be empty');
  let inputChars = 0;
  let prompt = '';
  let toolResult: string | undefined;
  messages.forEach((m, i) => {
    const field = `messages[${i}]`;
    if (!isObject(m)) invalid(field, 'must be an object');
    const role = requireString(m, 'role', { oneOf: ['user', 'assistant'] }, `${field}.`);
    const content = m.content;
    if (typeof content !== 'string' && !Array.isArray(content))
      invalid(`${field}.content`, 'must be a string or an array');
    if (Array.isArray(content)) {
      content.forEach((b, j) => {
        if (!isObject(b) || typeof b.type !== 'string') invalid(`${field}.content[${j}].type`, 'is required');
      });
    }
    const parts = contentText(content);
    inputChars += parts.text.length + (parts.toolResult?.length ?? 0);
    if (role === 'user') {
      prompt = parts.text;
      toolResult = parts.toolResult;
    }
  });
  const system = body.system;
  if (typeof system === 'string') inputChars += system.length;
  else if (Array.isArray(system)) inputChars += contentText(system).text.length;
  else if (system !== undefined && system !== null)
    invalid('system', 'must be a string or an array of text blocks');
  optionalNumber(body, 'temperature', { min: 0, minExclusive: true, max: 1 });
  optionalNumber(body, 'top_p', { min: 0, minExclusive: true, max: 1 });
  optionalObject(body, 'metadata');

  const tools = (optionalArray(body, 'tools') ?? []).map((t, i): Tool => {
    if (!isObject(t)) invalid(`tools[${i}]`, 'must be an object');
    const name = requireString(t, 'name', {}, `tools[${i}].`);
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name)) invalid(`tools[${i}].name`, 'must match ^[a-zA-Z0-9_-]{1,64}$');
    optionalString(t, 'description', {}, `tools[${i}].`);
    const schema = optionalObject(t, 'input_schema', `tools[${i}].`);
    if (t.input_schema === undefined) invalid(`tools[${i}].input_schema`, 'is required');
    inputChars += JSON.stringify(t).length;
    return { name, input_schema: schema };
  });
  const choiceObj = optionalObject(body, 'tool_choice');
  const choiceType =
    optionalString(choiceObj, 'type', { oneOf: ['auto', 'any', 'tool', 'none'] }, 'tool_choice.') ?? 'auto';
  const choice: Conversation['choice'] = { type: choiceType };
  if (choiceType === 'tool') {
    choice.name = requireString(choiceObj, 'name', {}, 'tool_choice.');
    if (!tools.some((t) => t.name === choice.name))
      invalid('tool_choice.name', `names no tool in tools: ${choice.name}`);
  }
  const thinkingObj = optionalObject(body, 'thinking');
  const thinkingType = optionalString(
    thinkingObj,
    'type',
    { oneOf: ['enabled', 'disabled', 'adaptive'] },
    'thinking.',
  );
  optionalNumber(thinkingObj, 'budget_tokens', { min: 1, integer: true }, 'thinking.');
  const stream = optionalBoolean(body, 'stream') ?? false;
  return {
    model,
    maxTokens,
    prompt,
    toolResult,
    tools,
    choice,
    // M2.x models always think, whatever the request says; M3 thinks only when asked.
    thinking: /^MiniMax-M2(\.|-|$)/i.test(model) || thinkingType === 'enabled' || thinkingType === 'adaptive',
    inputChars,
    stream,
  };
}

/** A value fitting a JSON schema, with strings taken from the prompt. */
export function sampleValue(schema: unknown, hint: string, depth = 0): unknown {
  if (!isObject(schema)) return hint;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('const' in schema) return schema.const;
  if ('default' in schema) return schema.default;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return hint;
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return depth > 4 ? [] : [sampleValue(schema.items, hint, depth + 1)];
    default: {
      const props = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required)
        ? schema.required.filter((k) => typeof k === 'string')
        : [];
      const keys = required.length > 0 ? required : Object.keys(props);
      const out: JsonObject = {};
      if (depth <= 4) for (const key of keys) out[key] = sampleValue(props[key], hint, depth + 1);
      return out;
    }
  }
}

/** A worked answer for a plain arithmetic question, which makes demos and assertions read naturally. */
export function arithmetic(prompt: string): string | undefined {
  const m = /(-?\d+(?:\.\d+)?)\s*([-+*/x×])\s*(-?\d+(?:\.\d+)?)/.exec(prompt);
  if (m === null) return undefined;
  const a = Number(m[1]);
  const b = Number(m[3]);
  const op = m[2];
  const value = op === '+' ? a + b : op === '-' ? a - b : op === '/' ? (b === 0 ? Number.NaN : a / b) : a * b;
  if (!Number.isFinite(value)) return undefined;
  return `${m[1]} ${op} ${m[3]} = ${Number(value.toFixed(6))}`;
}

function pickTool(c: Conversation): Tool | undefined {
  if (c.tools.length === 0 || c.choice.type === 'none') return undefined;
  if (c.choice.type === 'tool') return c.tools.find((t) => t.name === c.choice.name);
  // With `auto`, a turn that brings tool results back is answered in text, so tool loops end.
  if (c.choice.type === 'auto' && c.toolResult !== undefined) return undefined;
  const lower = c.prompt.toLowerCase();
  return c.tools.find((t) => lower.includes(t.name.toLowerCase().replaceAll('_', ' '))) ?? c.tools[0];
}

export const tokens = (chars: number) => Math.max(1, Math.ceil(chars / 4));

/** The assistant message for a conversation. */
function reply(c: Conversation, messageId: string) {
  const blocks: Block[] = [];
  const quoted = excerpt(c.prompt, 200);
  if (c.thinking) {
    const thinking = `The user wrote ${c.prompt.length} characters: "${excerpt(c.prompt, 80)}". I will answer briefly.`;
    blocks.push({
      type: 'thinking',
      thinking,
      signature: Buffer.from(sha256(thinking), 'hex').toString('base64'),
    });
  }
  const tool = pickTool(c);
  let text: string;
  if (tool !== undefined) text = `I'll use the ${tool.name} tool for this.`;
  else if (c.toolResult !== undefined) text = `The tool returned: ${excerpt(c.toolResult, 200)}`;
  else {
    const answer = arithmetic(c.prompt);
    text = answer === undefined ? `This is a mock reply to: "${quoted}"` : `${answer}.`;
  }
  let stopReason = tool === undefined ? 'end_turn' : 'tool_use';
  // Four characters to a token; the thinking spends the budget first, as it comes first.
  const budget = c.maxTokens * 4 - (blocks[0]?.type === 'thinking' ? blocks[0].thinking.length : 0);
  if (text.length > budget) {
    text = text.slice(0, Math.max(0, budget));
    stopReason = 'max_tokens';
  }
  if (text !== '') blocks.push({ type: 'text', text });
  if (tool !== undefined && stopReason === 'tool_use') {
    const id = `toolu_${sha256(`${messageId}:${tool.name}`).slice(0, 24)}`;
    blocks.push({
      type: 'tool_use',
      id,
      name: tool.name,
      input: sampleValue(tool.input_schema, excerpt(c.prompt, 60)),
    });
  }
  const outputChars = blocks.reduce(
    (n, b) =>
      n +
      (b.type === 'text'
        ? b.text.length
        : b.type === 'thinking'
          ? b.thinking.length
          : JSON.stringify(b.input).length),
    0,
  );
  return {
    id: messageId,
    type: 'message' as const,
    role: 'assistant' as const,
    model: c.model,
    content: blocks,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: tokens(c.inputChars), output_tokens: Math.min(c.maxTokens, tokens(outputChars)) },
  };
}

/** Splits text into word-sized deltas (two words each), as a model streams them. */
export function wordPieces(text: string): string[] {
  const words = text.split(/(?<=\s)/);
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += 2) pieces.push(words.slice(i, i + 2).join(''));
  return pieces.filter((p) => p !== '');
}

export function slices(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The Anthropic event sequence for a finished message. */
function streamFrames(message: ReturnType<typeof reply>): SseFrame[] {
  const frame = (type: string, data: JsonObject) => sseFrame({ type, ...data }, { event: type });
  const frames: SseFrame[] = [
    frame('message_start', {
      message: {
        ...message,
        content: [],
        stop_reason: null,
        usage: { input_tokens: message.usage.input_tokens, output_tokens: 1 },
      },
    }),
    frame('ping', {}),
  ];
  message.content.forEach((block, index) => {
    const delta = (d: JsonObject) => frames.push(frame('content_block_delta', { index, delta: d }));
    if (block.type === 'thinking') {
      frames.push(
        frame('content_block_start', {
          index,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        }),
      );
      for (const piece of wordPieces(block.thinking)) delta({ type: 'thinking_delta', thinking: piece });
      delta({ type: 'signature_delta', signature: block.signature });
    } else if (block.type === 'text') {
      frames.push(frame('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      for (const piece of wordPieces(block.text)) delta({ type: 'text_delta', text: piece });
    } else {
      const start = { type: 'tool_use', id: block.id, name: block.name, input: {} };
      frames.push(frame('content_block_start', { index, content_block: start }));
      for (const piece of slices(JSON.stringify(block.input), 16))
        delta({ type: 'input_json_delta', partial_json: piece });
    }
    frames.push(frame('content_block_stop', { index }));
    // A keep-alive between blocks, as long answers get, so clients must skip it mid-stream too.
    if (index === 0 && message.content.length > 1) frames.push(frame('ping', {}));
  });
  frames.push(
    frame('message_delta', {
      delta: { stop_reason: message.stop_reason, stop_sequence: null },
      usage: message.usage,
    }),
    frame('message_stop', {}),
  );
  return frames;
}

/** `POST /anthropic/v1/messages`. */
export const messages: Handler = (r, ctx) => {
  const conversation = readConversation(r.body);
  const message = reply(conversation, ctx.state.nextId('msg_mock_'));
  const headers = { 'request-id': r.traceId };
  if (!conversation.stream) {
    sendJson(r.res, 200, message, headers);
    return undefined;
  }
  writeSse(r.res, streamFrames(message), {
    fault: ctx.faults.take(r.path, STREAM_KINDS),
    errorFrame: (code, msg) => {
      const { type } = anthropicErrorFor(code);
      return sseFrame(
        { type: 'error', error: { type, message: `${msg ?? type} (${code})` } },
        { event: 'error' },
      );
    },
    headers,
  });
  return undefined;
};

/** `POST /anthropic/v1/messages/count_tokens`: the prompt's tokens, counted as `messages` bills them. */
export const countTokens: Handler = (r) => {
  const conversation = readConversation(r.body, true);
  sendJson(r.res, 200, { input_tokens: tokens(conversation.inputChars) }, { 'request-id': r.traceId });
  return undefined;
};
