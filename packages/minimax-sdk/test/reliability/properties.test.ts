/**
 * Property-based tests (fast-check): thousands of generated inputs per property, each bounded in
 * time. Run counts are the constants below; RELIABILITY.md quotes them.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { AudioResponse } from '../../src/core/audio.js';
import { decodeHex } from '../../src/core/bytes.js';
import { errorFromResponse, readEnvelopeError, readMiniMaxStatus } from '../../src/core/errors.js';
import { type ServerSentEvent, SSEDecoder } from '../../src/core/sse.js';
import { mimeFromName } from '../../src/core/uploads.js';
import { MiniMax, MiniMaxError } from '../../src/index.js';
import { fakeFetch, sseResponse } from '../helpers/fake-fetch.js';

export const RUNS = {
  sseSplits: 2_000,
  sseGarbage: 1_000,
  hexRoundTrip: 3_000,
  hexInvalid: 3_000,
  hexPortable: 1_000,
  errorMapper: 5_000,
  errorPipeline: 1_500,
  requestBuilding: 300,
} as const;

/** fast-check's own bound, so a pathological case cannot stall the suite. */
const BOUND = { interruptAfterTimeLimit: 15_000, markInterruptAsFailure: true } as const;

const encoder = new TextEncoder();

/**
 * Names every plain object inherits (`constructor`, `toString`, `__proto__`, ...): lookup tables
 * must not resolve them (they once did, and a type named `valueOf` crashed the error map).
 */
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype);
const hexString = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength });

// ---------------------------------------------------------------------------------------------
// SSE decoder

type Field = { name: 'data' | 'event' | 'id' | 'retry' | 'x-other'; value: string; bare: boolean };
type Line = { kind: 'field'; field: Field } | { kind: 'comment'; text: string };

/** Text without line breaks, rich in what breaks naive decoders: multibyte, colons, spaces. */
const lineText = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', ' ', ':', '\t', '{', '"', 'é', 'ß', '中', '😀', '\u2028', '\0'),
  maxLength: 12,
});

const lineArb: fc.Arbitrary<Line> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('field' as const),
      field: fc.record({
        name: fc.constantFrom('data', 'data', 'data', 'event', 'id', 'retry', 'x-other') as fc.Arbitrary<
          Field['name']
        >,
        value: lineText,
        bare: fc.boolean(),
      }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('comment' as const), text: lineText }) },
);

const streamArb = fc.record({
  blocks: fc.array(fc.array(lineArb, { maxLength: 5 }), { maxLength: 8 }),
  endings: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 64, maxLength: 64 }),
});

function serialise(line: Line): string {
  if (line.kind === 'comment') return `:${line.text}`;
  const { name, value, bare } = line.field;
  if (bare && value === '') return name;
  // Without the optional space, a value that itself starts with a space would lose it.
  return bare && !value.startsWith(' ') ? `${name}:${value}` : `${name}: ${value}`;
}

/** The stream's text and the events a WHATWG-conforming decoder must produce from it. */
function render(blocks: Line[][], endings: string[]): { text: string; events: ServerSentEvent[] } {
  const lines: string[] = [];
  for (const block of blocks) lines.push(...block.map(serialise), '');
  let text = '';
  let previous = '';
  lines.forEach((line, i) => {
    let ending = endings[i % endings.length] as string;
    // A CR then an empty LF-terminated line reads as one CRLF: that is the spec, not the stream meant.
    if (previous === '\r' && line === '' && ending === '\n') ending = '\r\n';
    text += line + ending;
    previous = ending;
  });
  const events: ServerSentEvent[] = [];
  let id: string | undefined;
  for (const block of blocks) {
    const data: string[] = [];
    let event: string | undefined;
    for (const line of block) {
      if (line.kind !== 'field') continue;
      const { name, value } = line.field;
      if (name === 'data') data.push(value);
      else if (name === 'event') event = value;
      else if (name === 'id' && !value.includes('\0')) id = value;
    }
    if (data.length > 0) events.push({ event, data: data.join('\n'), id });
  }
  return { text, events };
}

function decodeChunks(chunks: Uint8Array[]): ServerSentEvent[] {
  const decoder = new SSEDecoder();
  const events = chunks.flatMap((chunk) => decoder.push(chunk));
  return [...events, ...decoder.end()];
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const at of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, at));
    from = at;
  }
  return chunks;
}

describe('SSE decoder', () => {
  it(`any split of any valid stream gives the same events (${RUNS.sseSplits} streams)`, () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.nat(), { maxLength: 24 }), ({ blocks, endings }, cuts) => {
        const { text, events } = render(blocks, endings);
        const bytes = encoder.encode(text);
        expect(decodeChunks([bytes])).toEqual(events);
        expect(decodeChunks(splitAt(bytes, cuts))).toEqual(events);
        // One byte at a time splits every UTF-8 sequence and every CRLF.
        expect(decodeChunks([...bytes].map((b) => Uint8Array.of(b)))).toEqual(events);
      }),
      { numRuns: RUNS.sseSplits, ...BOUND },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Garbage through the stream classes

/** A body that is SSE-shaped, or not: events with plausible, broken or hostile payloads, or raw bytes. */
const payloadArb = fc.oneof(
  fc.json(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .record(
      {
        data: fc.oneof(
          fc.constant(null),
          fc.record(
            {
              audio: fc.oneof(hexString(16), fc.string({ maxLength: 8 }), fc.integer()),
              status: fc.oneof(fc.constantFrom(1, 2), fc.anything()),
            },
            { requiredKeys: [] },
          ),
        ),
        base_resp: fc.record(
          {
            status_code: fc.oneof(fc.constantFrom(0, 0, 1000, 1002, 1004, 2013), fc.anything()),
            status_msg: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        extra_info: fc.anything(),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        type: fc.constantFrom(
          'message_start',
          'content_block_start',
          'content_block_delta',
          'content_block_stop',
          'message_delta',
          'message_stop',
          'ping',
          'error',
          'mystery',
        ),
        index: fc.oneof(fc.nat(4), fc.anything()),
        message: fc.anything(),
        content_block: fc.oneof(
          fc.record({ type: fc.constantFrom('text', 'tool_use', 'thinking', 'weird'), text: fc.anything() }),
          fc.anything(),
        ),
        delta: fc.oneof(
          fc.record({
            type: fc.constantFrom('text_delta', 'input_json_delta', 'thinking_delta', 'signature_delta', 'x'),
            text: fc.anything(),
            partial_json: fc.string({ maxLength: 6 }),
          }),
          fc.anything(),
        ),
        usage: fc.anything(),
        error: fc.anything(),
      },
      { requiredKeys: ['type'] },
    )
    .map((value) => JSON.stringify(value)),
);

const garbageBodyArb = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc
    .array(
      fc.record({
        event: fc.option(fc.constantFrom('message_start', 'error', 'ping'), { nil: undefined }),
        data: payloadArb,
      }),
      { maxLength: 6 },
    )
    .map((events) =>
      encoder.encode(
        events
          .map((e) => `${e.event ? `event: ${e.event}\n` : ''}data: ${e.data.replace(/[\r\n]/g, ' ')}\n\n`)
          .join(''),
      ),
    ),
);

function sseClient(body: Uint8Array, cuts: number[]): MiniMax {
  const { fetch } = fakeFetch(() => {
    const chunks = splitAt(body, cuts);
    return new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk);
          controller.close();
        },
      }),
      { status: 200, headers: { 'content-type': 'text/event-stream' } },
    );
  });
  return new MiniMax({ apiKey: 'k', baseURL: 'https://api.test', fetch, maxRetries: 0, logLevel: 'off' });
}

/** Runs `consume`; anything it throws must be a MiniMaxError. */
async function onlyMiniMaxErrors(consume: () => Promise<unknown>): Promise<void> {
  try {
    await consume();
  } catch (error) {
    if (!(error instanceof MiniMaxError))
      throw new Error(`non-MiniMaxError escaped: ${String(error)}`, { cause: error });
  }
}

describe('stream classes under garbage', () => {
  const consumers: Record<string, (client: MiniMax) => Promise<unknown>> = {
    'AudioStream (speech.ttsStream)': async (client) => {
      for await (const _ of client.speech.ttsStream({ model: 'm', text: 't' })) {
        // Draining is the test.
      }
    },
    'AudioStream (music.generateStream)': async (client) => {
      for await (const _ of client.music.generateStream({ prompt: 'p' })) {
        // Draining is the test.
      }
    },
    'MessageStream (iterate, then finalMessage)': async (client) => {
      const stream = client.text.createStream({ model: 'm', max_tokens: 1, messages: [] });
      try {
        for await (const _ of stream) {
          // Draining is the test.
        }
      } finally {
        await onlyMiniMaxErrors(() => stream.finalMessage());
      }
    },
    'MessageStream (textStream)': async (client) => {
      for await (const _ of client.text.createStream({ model: 'm', max_tokens: 1, messages: [] })
        .textStream) {
        // Draining is the test.
      }
    },
  };

  it.each(Object.entries(consumers))(
    `%s never throws anything but a MiniMaxError (${RUNS.sseGarbage} bodies)`,
    async (_name, consume) => {
      await fc.assert(
        fc.asyncProperty(garbageBodyArb, fc.array(fc.nat(), { maxLength: 6 }), async (body, cuts) => {
          await onlyMiniMaxErrors(() => consume(sseClient(body, cuts)));
        }),
        { numRuns: RUNS.sseGarbage, ...BOUND },
      );
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Hex decoding

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const mixCase = (hex: string, mask: boolean[]) =>
  [...hex].map((c, i) => (mask[i % Math.max(1, mask.length)] ? c.toUpperCase() : c)).join('');
const isHex = (s: string) => s.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(s);

/** Valid hex with one character swapped for one from `unit`: the hard case for lenient decoders. */
function corrupted(unit: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), unit).map(([bytes, at, c]) => {
    const hex = toHex(bytes);
    const i = at % hex.length;
    return hex.slice(0, i) + c + hex.slice(i + 1);
  });
}

const asciiGarbage = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  corrupted(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 })),
  hexString(41),
);
const unicodeGarbage = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  // U+0130 and friends: code units whose low byte is an ASCII hex digit.
  corrupted(fc.integer({ min: 0x100, max: 0xffff }).map((c) => String.fromCharCode(c))),
);

type Decoder = { decodeHex: (hex: string) => Uint8Array; MiniMaxError: typeof MiniMaxError };

function rejectsGarbage(load: () => Promise<Decoder>, garbage: fc.Arbitrary<string>, runs: number) {
  return async () => {
    const { decodeHex: decode, MiniMaxError: ErrorClass } = await load();
    fc.assert(
      fc.property(garbage, (candidate) => {
        if (isHex(candidate)) {
          expect(decode(candidate)).toEqual(new Uint8Array(Buffer.from(candidate, 'hex')));
          return;
        }
        let thrown: unknown;
        try {
          decode(candidate);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(ErrorClass);
      }),
      { numRuns: runs, ...BOUND },
    );
  };
}

function hexProperties(name: string, load: () => Promise<Decoder>, runs: number) {
  describe(name, () => {
    it(`decodes any bytes, in any letter case, exactly (${runs} cases)`, async () => {
      const { decodeHex: decode } = await load();
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 3000 }),
          fc.array(fc.boolean(), { maxLength: 16 }),
          (bytes, mask) => {
            const decoded = decode(mixCase(toHex(bytes), mask));
            expect(decoded).toEqual(bytes);
            // Never a view into a shared pool: `.buffer` must hold these bytes and nothing else.
            expect(decoded.byteOffset).toBe(0);
            expect(decoded.buffer.byteLength).toBe(decoded.byteLength);
          },
        ),
        { numRuns: runs, ...BOUND },
      );
    });

    it(
      `rejects every ASCII non-hex or odd-length string with a MiniMaxError (${runs} cases)`,
      rejectsGarbage(load, asciiGarbage, runs),
    );

    // Node's Buffer reads only the low byte of a character ("\u0130" as "0"), so without its own
    // check the decoder would return altered bytes of the right length.
    it(
      `rejects every non-ASCII string with a MiniMaxError, never a shorter or altered result (${runs} cases)`,
      rejectsGarbage(load, unicodeGarbage, runs),
    );
  });
}

hexProperties('decodeHex (Node, Buffer path)', async () => ({ decodeHex, MiniMaxError }), RUNS.hexRoundTrip);

// Browsers and edge runtimes have no Buffer: the module picks its decoder at load, so load a fresh
// copy with Buffer hidden for the duration of the import (its error classes are fresh copies too).
let portable: Promise<Decoder> | undefined;
hexProperties(
  'decodeHex (portable path, no Buffer)',
  () => {
    portable ??= (async () => {
      vi.resetModules();
      const saved = globalThis.Buffer;
      (globalThis as { Buffer?: unknown }).Buffer = undefined;
      try {
        const bytes = await import('../../src/core/bytes.js');
        const errors = await import('../../src/core/errors.js');
        return { decodeHex: bytes.decodeHex, MiniMaxError: errors.MiniMaxError };
      } finally {
        globalThis.Buffer = saved;
      }
    })();
    return portable;
  },
  RUNS.hexPortable,
);

// ---------------------------------------------------------------------------------------------
// The error mapper

const codeArb = fc.oneof(
  fc.constantFrom(0, 1000, 1001, 1002, 1004, 1008, 1026, 1039, 2013, 2049, 2056),
  fc.integer(),
  fc.double(),
  fc.integer().map(String),
  fc.constantFrom('0', ' 1002 ', '-1', '1e3', '', 'NaN', '99999999999999999999'),
  fc.anything(),
);

const bodyArb = fc.oneof(
  fc.anything({
    withBigInt: true,
    withNullPrototype: true,
    withObjectString: true,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withDate: true,
    withTypedArray: true,
    withSparseArray: true,
  }),
  fc.record(
    {
      base_resp: fc.oneof(
        fc.record({ status_code: codeArb, status_msg: fc.anything() }, { requiredKeys: [] }),
        fc.anything(),
      ),
      trace_id: fc.anything(),
      status_code: codeArb,
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      type: fc.oneof(fc.constant('error'), fc.string()),
      error: fc.oneof(
        fc.record(
          {
            type: fc.oneof(
              fc.constantFrom('rate_limit_error', 'api_error', 'overloaded_error', 'x'),
              fc.anything(),
            ),
            message: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        fc.anything(),
      ),
      request_id: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('<html><body>502 Bad Gateway</body></html>', '', 'null'),
);

const statusArb = fc.oneof(
  fc.integer({ min: 100, max: 599 }),
  fc.constantFrom(200, 201, 204, 299, 300, 429, 503, 529),
  fc.integer(),
);

describe('errorFromResponse', () => {
  it(`maps any status and body to a MiniMaxError, or to nothing for a clean 2xx, and never throws (${RUNS.errorMapper} cases)`, () => {
    fc.assert(
      fc.property(statusArb, bodyArb, fc.option(fc.string(), { nil: undefined }), (status, body, traceId) => {
        const error = errorFromResponse(status, body, { headers: new Headers(), trace_id: traceId });
        const ok = status >= 200 && status < 300;
        if (error === undefined) {
          // Nothing is only ever the answer for a 2xx that carries no error of either envelope.
          expect(ok).toBe(true);
          expect((readMiniMaxStatus(body)?.code ?? 0) === 0).toBe(true);
          const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
          expect(isObject && (body as { type?: unknown }).type === 'error').toBe(false);
          return;
        }
        expect(error).toBeInstanceOf(MiniMaxError);
        expect(error.status).toBe(status);
        expect(typeof error.message).toBe('string');
        expect(Number.isFinite(error.code)).toBe(true);
        expect(typeof error.trace_id).toBe('string');
        const status_ = readMiniMaxStatus(body);
        if (status_ && status_.code !== 0) expect(error.code).toBe(status_.code);
        else if (!ok && !readEnvelopeError(body)) expect(error.code).toBe(status);
      }),
      { numRuns: RUNS.errorMapper, ...BOUND },
    );
  });

  const NULL_BODY = new Set([204, 205, 304]);
  const answerArb = fc.record({
    status: fc.integer({ min: 200, max: 599 }),
    body: fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      bodyArb.map((b) => encoder.encode(safeJSON(b))),
    ),
    type: fc.constantFrom(
      'application/json',
      'text/html',
      'text/plain',
      'text/event-stream',
      'application/octet-stream',
      '',
    ),
  });

  function safeJSON(value: unknown): string {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      // BigInts, cycles: the raw-bytes branch covers unparseable bodies anyway.
      return '';
    }
  }

  function answering(answer: { status: number; body: Uint8Array; type: string }): MiniMax {
    const { fetch } = fakeFetch(
      () =>
        new Response(NULL_BODY.has(answer.status) ? null : (answer.body as Uint8Array<ArrayBuffer>), {
          status: answer.status,
          headers: answer.type ? { 'content-type': answer.type } : {},
        }),
    );
    return new MiniMax({ apiKey: 'k', baseURL: 'https://api.test', fetch, maxRetries: 0, logLevel: 'off' });
  }

  const calls: Record<string, (client: MiniMax) => Promise<unknown>> = {
    'a JSON call (voice.list)': (client) => client.voice.list(),
    'a byte call (files.retrieveContent)': (client) => client.files.retrieveContent({ file_id: 1 }),
    'a stream (speech.ttsStream)': async (client) => {
      for await (const _ of client.speech.ttsStream({ model: 'm', text: 't' })) {
        // Draining is the test.
      }
    },
  };

  it.each(Object.entries(calls))(
    `through the transport, any answer to %s resolves or rejects with a MiniMaxError (${RUNS.errorPipeline} answers)`,
    async (_name, call) => {
      await fc.assert(
        fc.asyncProperty(answerArb, async (answer) => {
          await onlyMiniMaxErrors(() => call(answering(answer)));
        }),
        { numRuns: RUNS.errorPipeline, ...BOUND },
      );
    },
  );
});

describe('lookup tables never resolve inherited names', () => {
  const client = (fetch: typeof globalThis.fetch) =>
    new MiniMax({ apiKey: 'k', baseURL: 'https://api.test', fetch, maxRetries: 0, logLevel: 'off' });
  const errorBody = (type: string) => ({ type: 'error', error: { type, message: 'boom' } });

  // Fails today (see RELIABILITY.md): ANTHROPIC_ERROR_MAP[type] finds Object.prototype members.
  it(`an Anthropic error type named like ${PROTO_KEYS.length} Object.prototype members maps like any unknown type`, async () => {
    for (const type of PROTO_KEYS) {
      const direct = errorFromResponse(500, errorBody(type));
      expect(direct?.constructor, type).toBe(MiniMaxError);

      const { fetch: http } = fakeFetch(
        () =>
          new Response(JSON.stringify(errorBody(type)), {
            status: 500,
            headers: { 'content-type': 'application/json' },
          }),
      );
      const viaHttp = await client(http)
        .text.create({ model: 'm', max_tokens: 1, messages: [] })
        .catch((e: unknown) => e);
      expect((viaHttp as Error).constructor, type).toBe(MiniMaxError);

      const { fetch: sse } = fakeFetch(() =>
        sseResponse([`event: error\ndata: ${JSON.stringify(errorBody(type))}\n\n`]),
      );
      const viaStream = await (async () => {
        for await (const _ of client(sse).text.createStream({ model: 'm', max_tokens: 1, messages: [] })) {
          // Draining is the test.
        }
      })().catch((e: unknown) => e);
      expect((viaStream as Error).constructor, type).toBe(MiniMaxError);
    }
  });

  // Fails today (see RELIABILITY.md): MIME_BY_EXTENSION and AUDIO_MIME are plain objects too.
  it('a file extension or audio format named like an Object.prototype member gets the generic MIME type', () => {
    for (const name of PROTO_KEYS) {
      expect(mimeFromName(`clip.${name}`), name).toBe('application/octet-stream');
      expect(new AudioResponse({ format: name }).toBlob().type, name).toBe('application/octet-stream');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Request building

/** A param left unset by omission, by `undefined` or by `null`, or set to a (possibly falsy) value. */
const UNSET = Symbol('unset');
type Choice = typeof UNSET | undefined | null | { value: unknown };

function choice(value: fc.Arbitrary<unknown>): fc.Arbitrary<Choice> {
  return fc.oneof(
    fc.constant(UNSET as Choice),
    fc.constant(undefined),
    fc.constant(null),
    value.map((v) => ({ value: v })),
  );
}

const falsyOr = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constantFrom<unknown>(0, '', false));
const small = {
  string: fc.string({ maxLength: 8 }),
  number: fc.integer({ min: -5, max: 2048 }),
  boolean: fc.boolean(),
  url: fc.string({ maxLength: 8 }).map((s) => `https://img.test/${encodeURIComponent(s)}`),
  object: fc.dictionary(
    fc.string({ minLength: 1, maxLength: 4 }),
    fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
    { maxKeys: 3 },
  ),
};

interface MethodSpec {
  name: string;
  path: string;
  call: (client: MiniMax, params: Record<string, unknown>) => unknown;
  required: Record<string, unknown>;
  /** Keys always sent: the given value, or the seed's default when unset. */
  defaults: Record<string, unknown>;
  /** Keys sent only when set, with a generator of values for them (falsy ones included). */
  optional: Record<string, fc.Arbitrary<unknown>>;
  /** Keys sent only when `true` (a documented exception: the seed never sends `false` for them). */
  /** Fixed keys the method adds on its own. */
  fixed?: Record<string, unknown>;
  bug?: string;
}

const METHODS: MethodSpec[] = [
  {
    name: 'image.generate',
    path: '/v1/image_generation',
    call: (c, p) => c.image.generate(p as never),
    required: { prompt: 'a cat' },
    defaults: { model: 'image-01', response_format: 'url', n: 1, prompt_optimizer: false },
    optional: {
      aspect_ratio: falsyOr(fc.constantFrom('1:1', '16:9')),
      width: falsyOr(small.number),
      height: falsyOr(small.number),
      seed: falsyOr(small.number),
      // URLs: any other string is a local file to inline, which has a property of its own below.
      subject_reference: fc.array(fc.record({ type: fc.constant('character'), image_file: small.url }), {
        maxLength: 2,
      }),
      style: small.object,
      aigc_watermark: small.boolean,
    },
  },
  {
    name: 'speech.tts',
    path: '/v1/t2a_v2',
    call: (c, p) => c.speech.tts(p as never),
    required: { model: 'speech-2.8-hd', text: 'hi' },
    defaults: { output_format: 'hex' },
    fixed: { stream: false },
    optional: {
      voice_setting: small.object,
      audio_setting: small.object,
      language_boost: falsyOr(small.string),
      voice_modify: small.object,
      pronunciation_dict: small.object,
      timbre_weights: fc.array(small.object, { maxLength: 2 }),
      subtitle_enable: small.boolean,
    },
  },
  {
    name: 'speech.asyncCreate',
    path: '/v1/t2a_async_v2',
    call: (c, p) => c.speech.asyncCreate(p as never),
    required: { voice_setting: { voice_id: 'v' }, text: 'long text' },
    defaults: { model: 'speech-2.8-hd' },
    optional: {
      audio_setting: small.object,
      language_boost: falsyOr(small.string),
      voice_modify: small.object,
      pronunciation_dict: small.object,
    },
  },
  {
    name: 'voice.clone',
    path: '/v1/voice_clone',
    call: (c, p) => c.voice.clone(p as never),
    required: { file_id: 123, voice_id: 'MyVoice01' },
    defaults: { need_noise_reduction: false, need_volume_normalization: false },
    optional: {
      text: falsyOr(small.string),
      model: small.string,
      language_boost: falsyOr(small.string),
      text_validation: falsyOr(small.string),
      accuracy: falsyOr(fc.double({ min: 0, max: 1, noNaN: true })),
      aigc_watermark: small.boolean,
    },
  },
  {
    name: 'voice.design',
    path: '/v1/voice_design',
    call: (c, p) => c.voice.design(p as never),
    required: { prompt: 'warm', preview_text: 'hello' },
    defaults: {},
    optional: { voice_id: falsyOr(small.string), aigc_watermark: small.boolean },
  },
  {
    name: 'voice.list',
    path: '/v1/get_voice',
    call: (c, p) => c.voice.list(p as never),
    required: {},
    defaults: { voice_type: 'all' },
    optional: {},
  },
  {
    name: 'video.textToVideo',
    path: '/v1/video_generation',
    call: (c, p) => c.video.textToVideo(p as never),
    required: { prompt: 'waves' },
    defaults: { model: 'MiniMax-Hailuo-2.3', prompt_optimizer: true, fast_pretreatment: false, duration: 6 },
    optional: { resolution: falsyOr(fc.constantFrom('768P', '1080P')), callback_url: falsyOr(small.string) },
  },
  {
    name: 'video.create',
    path: '/v1/video_generation',
    call: (c, p) => c.video.create(p as never),
    required: { model: 'MiniMax-Hailuo-2.3', prompt: 'waves' },
    defaults: {},
    optional: {
      resolution: falsyOr(fc.constantFrom('768P', '1080P')),
      duration: falsyOr(fc.constantFrom(6, 10)),
      callback_url: falsyOr(small.string),
      prompt_optimizer: small.boolean,
      fast_pretreatment: small.boolean,
    },
  },
  {
    name: 'music.generate',
    path: '/v1/music_generation',
    call: (c, p) => c.music.generate(p as never),
    required: {},
    defaults: { model: 'music-2.6', lyrics_optimizer: false, is_instrumental: false },
    fixed: { stream: false },
    optional: {
      output_format: fc.constantFrom('url', 'hex'),
      prompt: falsyOr(small.string),
      lyrics: falsyOr(small.string),
      audio_setting: small.object,
      aigc_watermark: small.boolean,
    },
  },
  {
    name: 'music.generateLyrics',
    path: '/v1/lyrics_generation',
    call: (c, p) => c.music.generateLyrics(p as never),
    required: { mode: 'write_full_song' },
    defaults: {},
    optional: { prompt: falsyOr(small.string), lyrics: falsyOr(small.string), title: falsyOr(small.string) },
  },
  {
    name: 'text.create',
    path: '/anthropic/v1/messages',
    call: (c, p) => c.text.create(p as never),
    required: { model: 'MiniMax-M2.7', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
    defaults: {},
    optional: {
      system: falsyOr(small.string),
      temperature: falsyOr(fc.double({ min: 0, max: 1, noNaN: true })),
      top_p: falsyOr(fc.double({ min: 0, max: 1, noNaN: true })),
      tools: fc.array(fc.record({ name: small.string, input_schema: small.object }), { maxLength: 2 }),
      tool_choice: fc.record({ type: fc.constantFrom('auto', 'any') }),
      thinking: fc.record({ type: fc.constant('enabled'), budget_tokens: small.number }),
      metadata: small.object,
    },
  },
];

/** JSON's view of a value: what must arrive when it is set. */
const wire = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

function checkBody(spec: MethodSpec, choices: Record<string, Choice>, body: Record<string, unknown>): void {
  const expected: Record<string, unknown> = { ...spec.fixed, ...spec.required };
  for (const [key, fallback] of Object.entries(spec.defaults)) {
    const c = choices[key];
    expected[key] = c !== undefined && c !== null && c !== UNSET ? c.value : fallback;
  }
  for (const key of Object.keys(spec.optional)) {
    const c = choices[key];
    if (c !== undefined && c !== null && c !== UNSET) expected[key] = c.value;
  }
  expect(body).toEqual(wire(expected));
}

describe('request building', () => {
  const cases = METHODS.map((spec) => ({
    ...spec,
    title: `${spec.name}: unset params are never sent, set ones always are (${RUNS.requestBuilding} param sets)`,
  }));
  const run = async (spec: MethodSpec) => {
    const keys = [...Object.keys(spec.defaults), ...Object.keys(spec.optional)];
    const arbs: Record<string, fc.Arbitrary<Choice>> = {};
    for (const key of Object.keys(spec.defaults)) arbs[key] = choice(fc.constant(spec.defaults[key]));
    for (const [key, arb] of Object.entries(spec.optional)) arbs[key] = choice(arb);
    await fc.assert(
      fc.asyncProperty(fc.record(arbs), async (choices) => {
        const params: Record<string, unknown> = { ...spec.required };
        for (const key of keys) {
          const c = choices[key];
          if (c === UNSET) continue;
          params[key] = c === undefined || c === null ? c : c.value;
        }
        // The answer is an error so that task methods stop after the request under test.
        const { fetch, calls } = fakeFetch(
          () =>
            new Response(JSON.stringify({ base_resp: { status_code: 2013, status_msg: 'stop here' } }), {
              headers: { 'content-type': 'application/json' },
            }),
        );
        const client = new MiniMax({
          apiKey: 'k',
          baseURL: 'https://api.test',
          fetch,
          maxRetries: 0,
          logLevel: 'off',
        });
        await Promise.resolve(spec.call(client, params)).catch(() => undefined);
        const request = calls.find((c) => c.path === spec.path);
        expect(request, 'the request was sent').toBeDefined();
        checkBody(spec, choices as Record<string, Choice>, request?.body as Record<string, unknown>);
      }),
      { numRuns: RUNS.requestBuilding, ...BOUND },
    );
  };
  it.each(cases.filter((c) => !c.bug))('$title', run);
  // Fails today (see RELIABILITY.md); passes once the method drops null params like the others.
  it.fails.each(cases.filter((c) => c.bug))('$title ($bug)', run);
});
