import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSSE, type ServerSentEvent, SSEDecoder } from '../../src/core/sse.js';

const encoder = new TextEncoder();

/** Decodes `bytes` fed in chunks cut at `cuts` (byte offsets). */
function decodeChunks(bytes: Uint8Array, cuts: number[] = []): ServerSentEvent[] {
  const decoder = new SSEDecoder();
  const events: ServerSentEvent[] = [];
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    events.push(...decoder.push(bytes.subarray(start, cut)));
    start = cut;
  }
  events.push(...decoder.push(bytes.subarray(start)));
  events.push(...decoder.end());
  return events;
}

const decodeText = (text: string, cuts: number[] = []) => decodeChunks(encoder.encode(text), cuts);
const ev = (data: string, event?: string, id?: string): ServerSentEvent => ({ event, data, id });

describe('SSEDecoder rules (examples)', () => {
  it('splits events on a blank line with LF, CRLF or CR line ends', () => {
    const expected = [ev('a'), ev('b')];
    expect(decodeText('data: a\n\ndata: b\n\n')).toEqual(expected);
    expect(decodeText('data: a\r\n\r\ndata: b\r\n\r\n')).toEqual(expected);
    expect(decodeText('data: a\r\rdata: b\r\r')).toEqual(expected);
    expect(decodeText('data: a\r\n\ndata: b\r\r\n')).toEqual(expected);
  });

  it('strips exactly one space after the colon, and accepts none', () => {
    expect(decodeText('data:x\n\n')).toEqual([ev('x')]);
    expect(decodeText('data: x\n\n')).toEqual([ev('x')]);
    expect(decodeText('data:  x\n\n')).toEqual([ev(' x')]);
    expect(decodeText('data:\tx\n\n')).toEqual([ev('\tx')]);
  });

  it('joins multi-line data with \\n', () => {
    expect(decodeText('data: one\ndata: two\ndata:three\n\n')).toEqual([ev('one\ntwo\nthree')]);
    expect(decodeText('data: one\ndata\ndata: three\n\n')).toEqual([ev('one\n\nthree')]);
  });

  it('dispatches an empty data field as an empty string', () => {
    expect(decodeText('data\n\n')).toEqual([ev('')]);
    expect(decodeText('data:\n\n')).toEqual([ev('')]);
  });

  it('skips comments, unknown fields and retry', () => {
    expect(decodeText(': keep-alive\n\n:\ndata: x\nretry: 100\nfoo: bar\n: mid comment\n\n')).toEqual([
      ev('x'),
    ]);
  });

  it('reads event and id fields; the event name resets, the last id carries over', () => {
    const events = decodeText('event: start\nid: 7\ndata: a\n\ndata: b\n\nevent: end\nid: 9\ndata: c\n\n');
    expect(events).toEqual([ev('a', 'start', '7'), ev('b', undefined, '7'), ev('c', 'end', '9')]);
  });

  it('ignores an id containing NUL', () => {
    expect(decodeText('id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n')).toEqual([
      ev('a', undefined, '1'),
      ev('b', undefined, '1'),
    ]);
  });

  it('does not dispatch a block without data, and forgets its event name', () => {
    expect(decodeText('event: ping\n\ndata: x\n\n')).toEqual([ev('x')]);
    expect(decodeText('\n\n\n\n')).toEqual([]);
  });

  it('is case-sensitive about field names', () => {
    expect(decodeText('Data: x\nDATA: y\n\n')).toEqual([]);
    expect(decodeText('Event: e\ndata: z\n\n')).toEqual([ev('z')]);
  });

  it('keeps colons inside the value', () => {
    expect(decodeText('data: {"a":"b:c"}\n\n')).toEqual([ev('{"a":"b:c"}')]);
  });

  it('dispatches a last event that lacks its blank line at the end of the stream', () => {
    expect(decodeText('data: a\n\ndata: last')).toEqual([ev('a'), ev('last')]);
    expect(decodeText('data: a\n\ndata: last\n')).toEqual([ev('a'), ev('last')]);
    expect(decodeText('data: last\r')).toEqual([ev('last')]);
  });

  it('strips a leading byte-order mark', () => {
    expect(decodeText('\uFEFFdata: x\n\n')).toEqual([ev('x')]);
  });

  it('decodes non-ASCII UTF-8, even split inside a character', () => {
    const text = 'data: 你好 — ünïcødé 🎵\n\n';
    const bytes = encoder.encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(decodeChunks(bytes, [cut])).toEqual([ev('你好 — ünïcødé 🎵')]);
    }
  });

  it('treats a CRLF split between chunks as one line end', () => {
    const decoder = new SSEDecoder();
    expect(decoder.push(encoder.encode('data: a\r'))).toEqual([]);
    expect(decoder.push(encoder.encode('\n'))).toEqual([]);
    expect(decoder.push(encoder.encode('\r'))).toEqual([ev('a')]);
    expect(decoder.push(encoder.encode('\ndata: b\n\n'))).toEqual([ev('b')]);
    expect(decoder.end()).toEqual([]);
  });

  it('emits events as soon as their blank line arrives', () => {
    const decoder = new SSEDecoder();
    expect(decoder.push(encoder.encode('data: a\n'))).toEqual([]);
    expect(decoder.push(encoder.encode('\ndata: b'))).toEqual([ev('a')]);
    expect(decoder.push(encoder.encode('\n\n'))).toEqual([ev('b')]);
  });

  it('decodeSSE decodes an async byte stream', async () => {
    async function* chunks() {
      yield encoder.encode('event: x\nda');
      yield encoder.encode('ta: 1\r\n\r\ndata: 2');
    }
    const events: ServerSentEvent[] = [];
    for await (const e of decodeSSE(chunks())) events.push(e);
    expect(events).toEqual([ev('1', 'x'), ev('2')]);
  });

  it('never throws on garbage bytes', () => {
    const decoder = new SSEDecoder();
    expect(() =>
      decoder.push(new Uint8Array([0xff, 0xfe, 0x00, 0x0d, 0x80, 0x3a, 0x0a, 0x0a])),
    ).not.toThrow();
    expect(() => decoder.end()).not.toThrow();
  });
});

// A sample stream with every feature: comments, event/id fields, multi-line data, both data forms,
// mixed line ends (including a CR right before an LF that belongs to the next line end), non-ASCII.
const SAMPLE =
  ': stream opened\r\n' +
  'event: message_start\r\nid: 1\r\ndata: {"type":"message_start","text":"héllo"}\r\n\r\n' +
  'data:{"n":2}\n' +
  'data: second line 你好\n\n' +
  ':ping\r' +
  'event: audio\rdata: {"audio":"fffb90"}\r\r' +
  'data: 🎵 last\r\n' +
  'data:\r\n\r\n' +
  'event: orphan\n\n' +
  'id: 42\ndata: {"done":true}\n\n';

const SAMPLE_EVENTS = [
  ev('{"type":"message_start","text":"héllo"}', 'message_start', '1'),
  ev('{"n":2}\nsecond line 你好', undefined, '1'),
  ev('{"audio":"fffb90"}', 'audio', '1'),
  ev('🎵 last\n', undefined, '1'),
  ev('{"done":true}', undefined, '42'),
];

describe('SSEDecoder chunking properties', () => {
  const sampleBytes = encoder.encode(SAMPLE);

  it('decodes the sample stream unsplit', () => {
    expect(decodeChunks(sampleBytes)).toEqual(SAMPLE_EVENTS);
  });

  it('gives the same events for every single split of the sample', () => {
    for (let cut = 0; cut <= sampleBytes.length; cut++) {
      expect(decodeChunks(sampleBytes, [cut])).toEqual(SAMPLE_EVENTS);
    }
  });

  it('gives the same events when the sample is fed byte by byte', () => {
    const cuts = Array.from({ length: sampleBytes.length }, (_, i) => i);
    expect(decodeChunks(sampleBytes, cuts)).toEqual(SAMPLE_EVENTS);
  });

  it('gives the same events for any split of the sample (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: sampleBytes.length }), { maxLength: 40 }), (cuts) => {
        expect(decodeChunks(sampleBytes, cuts)).toEqual(SAMPLE_EVENTS);
      }),
      { numRuns: 1000 },
    );
  });

  // Generated streams: the expected events come from the model, not from a second parser.
  const lineText = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ''));
  const idText = lineText.map((s) => s.replace(/\0/g, ''));
  const block = fc.record({
    comments: fc.array(lineText, { maxLength: 2 }),
    event: fc.option(lineText, { nil: undefined }),
    id: fc.option(idText, { nil: undefined }),
    data: fc.array(lineText, { minLength: 0, maxLength: 4 }),
    spaces: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  });
  const stream = fc.record({
    blocks: fc.array(block, { maxLength: 8 }),
    endings: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 16 }),
    trailingBlank: fc.boolean(),
  });

  type StreamModel = typeof stream extends fc.Arbitrary<infer M> ? M : never;

  function build(model: StreamModel) {
    const lines: string[] = [];
    const expected: ServerSentEvent[] = [];
    let lastId: string | undefined;
    model.blocks.forEach((b, bi) => {
      const field = (name: string, value: string, k: number) => {
        // "name:value" only when that cannot eat a leading space of the value.
        const spaced = value.startsWith(' ') || (b.spaces[k % b.spaces.length] ?? true);
        lines.push(`${name}:${spaced ? ' ' : ''}${value}`);
      };
      let k = 0;
      for (const comment of b.comments) lines.push(`:${comment}`);
      if (b.event !== undefined) field('event', b.event, k++);
      if (b.id !== undefined) {
        field('id', b.id, k++);
        lastId = b.id;
      }
      for (const d of b.data) field('data', d, k++);
      const last = bi === model.blocks.length - 1;
      if (!last || model.trailingBlank) lines.push('');
      if (b.data.length > 0) expected.push(ev(b.data.join('\n'), b.event, lastId));
    });
    // A CR-terminated line followed by an empty LF-terminated line would read as one CRLF; that is
    // the serialiser's ambiguity, not the decoder's, so such a pair never gets generated.
    let text = '';
    let previous = '';
    lines.forEach((line, i) => {
      let ending = model.endings[i % model.endings.length] as string;
      if (previous === '\r' && line === '' && ending === '\n') ending = '\r\n';
      text += line + ending;
      previous = ending;
    });
    return { text, expected };
  }

  it('decodes generated streams to the modelled events, for any chunking (property)', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 30 }), (model, rawCuts) => {
        const { text, expected } = build(model);
        const bytes = encoder.encode(text);
        expect(decodeChunks(bytes)).toEqual(expected);
        const cuts = rawCuts.map((n) => (bytes.length === 0 ? 0 : n % (bytes.length + 1)));
        expect(decodeChunks(bytes, cuts)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary bytes, and chunking never changes the result (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (bytes, rawCuts) => {
          const whole = decodeChunks(bytes);
          const cuts = rawCuts.map((n) => n % (bytes.length + 1));
          expect(decodeChunks(bytes, cuts)).toEqual(whole);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps arbitrary SSE-ish text chunk-invariant, CR/LF soup included (property)', () => {
    const soup = fc
      .array(
        fc.constantFrom(
          'data',
          'data:',
          'data: ',
          'event: e',
          'id: 1',
          ':',
          'x',
          'é',
          '🎵',
          '\r',
          '\n',
          '\r\n',
          ' ',
        ),
        {
          maxLength: 60,
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(soup, fc.array(fc.nat(), { maxLength: 20 }), (text, rawCuts) => {
        const bytes = encoder.encode(text);
        const cuts = rawCuts.map((n) => n % (bytes.length + 1));
        expect(decodeChunks(bytes, cuts)).toEqual(decodeChunks(bytes));
      }),
      { numRuns: 1000 },
    );
  });
});
