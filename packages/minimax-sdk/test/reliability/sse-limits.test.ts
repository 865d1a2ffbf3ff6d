/**
 * One SSE event is bounded: a stream that never ends its line (or keeps adding `data:` lines
 * without the blank line that ends the event) is refused past the decoder's limit instead of
 * filling memory. The limit is `MAX_EVENT_CHARS` (256 Mi characters); these tests use a small
 * one through the decoder's option.
 */
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_CHARS } from '../../src/core/sse.js';
import { MiniMaxError, SSEDecoder } from '../../src/index.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('SSE event limit', () => {
  it('a line that never ends is refused past the limit', () => {
    const decoder = new SSEDecoder({ maxEventChars: 10_000 });
    decoder.push(bytes('data: '));
    let error: unknown;
    try {
      for (let i = 0; i < 100; i++) decoder.push(bytes('x'.repeat(1_000)));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as Error).message).toContain('10000 characters');
  });

  it('data lines that never reach the blank line are refused too', () => {
    const decoder = new SSEDecoder({ maxEventChars: 10_000 });
    expect(() => {
      for (let i = 0; i < 100; i++) decoder.push(bytes(`data: ${'y'.repeat(500)}\n`));
    }).toThrow(MiniMaxError);
  });

  it('events under the limit pass, however they are split', () => {
    const decoder = new SSEDecoder({ maxEventChars: 10_000 });
    const events = [
      ...decoder.push(bytes(`data: ${'z'.repeat(4_000)}`)),
      ...decoder.push(bytes(`${'z'.repeat(4_000)}\n\n`)),
      ...decoder.push(bytes('data: {"ok":true}\r')),
      ...decoder.push(bytes('\n\r\n')),
    ];
    expect(events.map((e) => e.data.length)).toEqual([8_000, 11]);
  });

  it('a long line fed in small chunks is one event with every character (the joined-pieces path)', () => {
    const decoder = new SSEDecoder();
    const piece = bytes('ab'.repeat(2_048));
    decoder.push(bytes('event: audio\ndata: '));
    for (let i = 0; i < 512; i++) expect(decoder.push(piece)).toEqual([]);
    const [event] = decoder.push(bytes('\n\n'));
    expect(event?.event).toBe('audio');
    expect(event?.data.length).toBe(512 * 4_096);
    expect(event?.data.slice(0, 4)).toBe('abab');
    expect(MAX_EVENT_CHARS).toBe(256 * 1024 * 1024);
  });
});
