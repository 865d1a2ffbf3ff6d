/**
 * The one Server-Sent Events decoder (WHATWG "event stream" rules) behind every streaming call:
 * LF, CRLF or CR line ends, `data:` with or without its space, multi-line data joined by `\n`,
 * comments skipped, and chunks split anywhere (even inside a UTF-8 sequence or a CRLF).
 */
import { MiniMaxError } from './errors.js';

export interface ServerSentEvent {
  /** The `event:` field, or undefined when the event named none. */
  event: string | undefined;
  data: string;
  id: string | undefined;
}

/**
 * The most one event may hold (its unfinished line plus its data so far), in characters. The
 * largest real events carry a whole answer's hex audio, tens of MB; past this a stream that never
 * ends its line (or inflates without end) is refused instead of filling memory.
 */
export const MAX_EVENT_CHARS = 256 * 1024 * 1024;

export class SSEDecoder {
  readonly #text = new TextDecoder();
  readonly #max: number;
  #partial = '';
  #skipLeadingLF = false;
  /** The event's data so far (several `data:` lines joined by `\n`), or undefined when none came. */
  #data: string | undefined;
  #event: string | undefined;
  #id: string | undefined;

  /** `maxEventChars`: the most one event may hold (default `MAX_EVENT_CHARS`). */
  constructor(options: { maxEventChars?: number } = {}) {
    this.#max = options.maxEventChars ?? MAX_EVENT_CHARS;
  }

  /** Feeds raw bytes; returns the events they complete. Throws `MiniMaxError` past the event limit. */
  push(chunk: Uint8Array): ServerSentEvent[] {
    const events = this.#lines(this.#text.decode(chunk, { stream: true }), false);
    if (this.#partial.length + (this.#data?.length ?? 0) > this.#max) {
      throw new MiniMaxError(
        `A stream event is larger than ${this.#max} characters and still not finished; the stream was stopped.`,
      );
    }
    return events;
  }

  /** Ends the stream: a last event without its blank line still counts. */
  end(): ServerSentEvent[] {
    const events = this.#lines(this.#text.decode(), true);
    const last = this.#dispatch();
    if (last) events.push(last);
    return events;
  }

  #lines(decoded: string, final: boolean): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    let text = decoded;
    if (this.#skipLeadingLF && text.length > 0) {
      if (text.charCodeAt(0) === 10) text = text.slice(1);
      this.#skipLeadingLF = false;
    }
    // The unfinished line kept from the last chunk holds no line end, so only the new text is
    // searched, and while no line ends the pieces are only joined (a rope, not copied): scanning
    // and copying the whole line again for every chunk made one long line quadratic.
    const hasCR = text.includes('\r');
    let scanned = 0;
    if (this.#partial) {
      if (!final && !hasCR && !text.includes('\n')) {
        this.#partial += text;
        return events;
      }
      scanned = this.#partial.length;
      text = this.#partial + text;
      this.#partial = '';
    }
    let start = 0;
    for (;;) {
      const from = Math.max(start, scanned);
      let end = text.indexOf('\n', from);
      let next = end + 1;
      if (hasCR) {
        const cr = text.indexOf('\r', from);
        if (cr !== -1 && (end === -1 || cr < end)) {
          end = cr;
          if (cr + 1 < text.length) next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
          else {
            // A CR at the end of a chunk may be half of a CRLF split across chunks.
            next = cr + 1;
            this.#skipLeadingLF = true;
          }
        }
      }
      if (end === -1) break;
      const event = this.#field(text, start, end);
      if (event) events.push(event);
      start = next;
    }
    const rest = text.slice(start);
    if (final) {
      if (rest) this.#line(rest);
    } else {
      this.#partial = rest;
    }
    return events;
  }

  /** One line, `text[start, end)`: the common blank and `data:` lines are read without slicing the field. */
  #field(text: string, start: number, end: number): ServerSentEvent | undefined {
    if (start === end) return this.#dispatch();
    if (text.charCodeAt(start) === 100 /* d */ && text.startsWith('data:', start)) {
      const from = text.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
      this.#addData(text.slice(from, end));
      return undefined;
    }
    if (text.charCodeAt(start) === 101 /* e */ && text.startsWith('event:', start)) {
      this.#event = text.slice(text.charCodeAt(start + 6) === 32 ? start + 7 : start + 6, end);
      return undefined;
    }
    return this.#line(text.slice(start, end));
  }

  #addData(value: string): void {
    this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
  }

  #line(line: string): ServerSentEvent | undefined {
    if (line === '') return this.#dispatch();
    if (line.charCodeAt(0) === 58 /* : */) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.#addData(value);
    else if (field === 'event') this.#event = value;
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
    return undefined;
  }

  #dispatch(): ServerSentEvent | undefined {
    if (this.#data === undefined) {
      this.#event = undefined;
      return undefined;
    }
    const event: ServerSentEvent = { event: this.#event, data: this.#data, id: this.#id };
    this.#data = undefined;
    this.#event = undefined;
    return event;
  }
}

/**
 * Decodes a byte stream into the events each chunk completes, one array per chunk: a consumer
 * pays one async step per chunk rather than per event (a text stream has many events a chunk).
 */
export async function* decodeSSEBatches(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<ServerSentEvent[]> {
  const decoder = new SSEDecoder();
  for await (const chunk of chunks) {
    const events = decoder.push(chunk);
    if (events.length > 0) yield events;
  }
  const last = decoder.end();
  if (last.length > 0) yield last;
}

/** Decodes a byte stream into events. */
export async function* decodeSSE(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  for await (const batch of decodeSSEBatches(chunks)) yield* batch;
}
