/**
 * Compile-time checks of the public text types (run by `tsc`; the runtime assertions are trivial).
 * They pin what users rely on: open model names, narrowing by `type`, and no `any`.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type {
  APIPromise,
  ContentBlock,
  ContentBlockParam,
  Message,
  MessageCreateParams,
  MessageParam,
  MessageStartEvent,
  MessageStream,
  StreamEvent,
  TextModel,
  UnknownBlock,
  UnknownDelta,
  UnknownEvent,
} from '../../src/index.js';
import type { Text } from '../../src/resources/text.js';

describe('text types', () => {
  it('model names suggest known models and accept any string', () => {
    expectTypeOf<'MiniMax-M2.7'>().toMatchTypeOf<TextModel>();
    expectTypeOf<'some-future-model'>().toMatchTypeOf<MessageCreateParams['model']>();
  });

  it('methods return an APIPromise<Message> and a MessageStream', () => {
    expectTypeOf<Text['create']>().returns.toEqualTypeOf<APIPromise<Message>>();
    expectTypeOf<Text['createStream']>().returns.toEqualTypeOf<MessageStream>();
    expectTypeOf<MessageStream['textStream']>().toEqualTypeOf<AsyncIterable<string>>();
    expectTypeOf<MessageStream['finalMessage']>().returns.toEqualTypeOf<Promise<Message>>();
  });

  it('blocks and events narrow by type without casts', () => {
    const block = {} as ContentBlock;
    if (block.type === 'text') expectTypeOf(block.text).toEqualTypeOf<string>();
    if (block.type === 'tool_use') expectTypeOf(block.name).toEqualTypeOf<string>();
    if (block.type === 'thinking') expectTypeOf(block.signature).toEqualTypeOf<string | undefined>();
    if (block.type === 'redacted_thinking') expectTypeOf(block.data).toEqualTypeOf<string>();
    const event = {} as StreamEvent;
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
      expectTypeOf(event.delta.text).toEqualTypeOf<string>();
    }
    if (event.type === 'message_delta') expectTypeOf(event.usage.output_tokens).toEqualTypeOf<number>();
  });

  it('unknown events are members of the union: a switch narrows the known ones, default holds the rest', () => {
    expectTypeOf<UnknownEvent>().toMatchTypeOf<StreamEvent>();
    expectTypeOf<UnknownBlock>().toMatchTypeOf<ContentBlock>();
    const event = {} as StreamEvent;
    switch (event.type) {
      case 'message_start':
        expectTypeOf(event).toEqualTypeOf<MessageStartEvent>();
        break;
      case 'content_block_delta':
        if (event.delta.type === 'text_delta') expectTypeOf(event.delta.text).toEqualTypeOf<string>();
        else if (
          event.delta.type !== 'input_json_delta' &&
          event.delta.type !== 'thinking_delta' &&
          event.delta.type !== 'signature_delta'
        )
          expectTypeOf(event.delta).toEqualTypeOf<UnknownDelta>();
        break;
      case 'content_block_start':
      case 'content_block_stop':
      case 'message_delta':
      case 'message_stop':
        break;
      default:
        expectTypeOf(event).toEqualTypeOf<UnknownEvent>();
        // A type this SDK does not list yet is compared as a string.
        if (String(event.type) === 'citations_update') expectTypeOf(event.type).toMatchTypeOf<string>();
    }
  });

  it('a reply content array replays as request content', () => {
    expectTypeOf<ContentBlock>().toMatchTypeOf<ContentBlockParam>();
    expectTypeOf<{ role: 'assistant'; content: Message['content'] }>().toMatchTypeOf<MessageParam>();
  });

  it('public types hold no any', () => {
    expectTypeOf<Message['content'][number]>().not.toBeAny();
    expectTypeOf<Extract<StreamEvent, { type: 'content_block_delta' }>['delta']>().not.toBeAny();
    expectTypeOf<MessageCreateParams['tools']>().not.toBeAny();
  });
});
