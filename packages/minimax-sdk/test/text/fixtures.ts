/** Realistic Anthropic-format payloads and SSE helpers shared by the text tests. */
import { expect } from 'vitest';
import { VERSION } from '../../src/index.js';
import type { RecordedRequest } from '../helpers/fake-fetch.js';

export const PATH = '/anthropic/v1/messages';

export const USER_HELLO = [{ role: 'user' as const, content: 'Hello' }];

/** Every optional parameter, set (temperature 0 on purpose: falsy values must still be sent). */
export const ALL_PARAMS = {
  model: 'MiniMax-M2.7',
  messages: USER_HELLO,
  max_tokens: 1024,
  system: [{ type: 'text' as const, text: 'Be brief.' }],
  temperature: 0,
  top_p: 0.9,
  tools: [
    {
      name: 'get_weather',
      description: 'Weather for a city',
      input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
    },
  ],
  tool_choice: { type: 'tool' as const, name: 'get_weather' },
  thinking: { type: 'enabled' as const, budget_tokens: 512 },
  metadata: { user_id: 'u-1' },
};

export const ALL_KEYS = [
  'model',
  'messages',
  'max_tokens',
  'system',
  'temperature',
  'top_p',
  'tools',
  'tool_choice',
  'thinking',
  'metadata',
];

export function expectMessagesRequest(request: RecordedRequest | undefined, accept: string): void {
  expect(request).toBeDefined();
  expect(request!.method).toBe('POST');
  expect(request!.path).toBe(PATH);
  expect(request!.headers.authorization).toBe('Bearer sk-test-0123456789abcdef');
  expect(request!.headers['user-agent']).toBe(`minimax-sdk-typescript/${VERSION}`);
  expect(request!.headers['content-type']).toBe('application/json');
  expect(request!.headers.accept).toBe(accept);
}

export const TEXT_MESSAGE = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'MiniMax-M2.7',
  content: [{ type: 'text', text: 'Hi there!' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 4 },
};

/** A reply that thinks, talks, then calls two tools (thinking comes first, as MiniMax does). */
export const TOOL_MESSAGE = {
  id: 'msg_02',
  type: 'message',
  role: 'assistant',
  model: 'MiniMax-M2.7',
  content: [
    { type: 'thinking', thinking: 'The user wants weather.', signature: 'sig-abc' },
    { type: 'text', text: 'Checking both cities.' },
    { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
    { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Tokyo' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 80, output_tokens: 40, cache_read_input_tokens: 64, cache_creation_input_tokens: 0 },
};

/** One SSE event as MiniMax frames it: `event:` named after the payload type. */
export function frame(payload: Record<string, unknown>): string {
  return `event: ${String(payload.type)}\ndata: ${JSON.stringify(payload)}\n\n`;
}

export function sseText(payloads: Record<string, unknown>[]): string {
  return payloads.map(frame).join('');
}

export const messageStart = (overrides: Record<string, unknown> = {}) => ({
  type: 'message_start',
  message: {
    id: 'msg_s1',
    type: 'message',
    role: 'assistant',
    model: 'MiniMax-M2.7',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 15, output_tokens: 1 },
    ...overrides,
  },
});

/** The seed's 7-event text stream: "Hello world!". */
export const TEXT_EVENTS: Record<string, unknown>[] = [
  messageStart(),
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' world!' } },
  { type: 'content_block_stop', index: 0 },
  {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 7 },
  },
  { type: 'message_stop' },
];

/** Thinking (with a signature), text, then a tool call whose JSON input arrives in pieces. */
export const TOOL_EVENTS: Record<string, unknown>[] = [
  messageStart({ id: 'msg_s2' }),
  { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Need the ' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'weather.' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig-' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'xyz' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Let me check.' } },
  { type: 'content_block_stop', index: 1 },
  {
    type: 'content_block_start',
    index: 2,
    content_block: { type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: {} },
  },
  { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } },
  {
    type: 'content_block_delta',
    index: 2,
    delta: { type: 'input_json_delta', partial_json: '{"city": "Pa' },
  },
  {
    type: 'content_block_delta',
    index: 2,
    delta: { type: 'input_json_delta', partial_json: 'ris", "days": 2}' },
  },
  { type: 'content_block_stop', index: 2 },
  {
    type: 'message_delta',
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { output_tokens: 42, input_tokens: null },
  },
  { type: 'message_stop' },
];

/**
 * A streamed body the test feeds by hand. Like a real fetch body it errors when the request's
 * signal aborts. `state.closed` turns true when the connection would close: the reader
 * cancelled the body, or the request was aborted.
 */
export function controlledBody(signal?: AbortSignal) {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const state = { closed: false };
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      state.closed = true;
    },
  });
  signal?.addEventListener(
    'abort',
    () => {
      state.closed = true;
      controller.error(signal.reason);
    },
    { once: true },
  );
  return {
    body,
    state,
    push(text: string) {
      controller.enqueue(encoder.encode(text));
    },
    close() {
      controller.close();
    },
  };
}

export function eventStreamResponse(body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream', ...headers } });
}
