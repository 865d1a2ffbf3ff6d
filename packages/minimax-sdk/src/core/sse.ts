/**
 * The one Server-Sent Events decoder (WHATWG "event stream" rules) behind every streaming call:
 * LF, CRLF or CR line ends, `data:` with or without its space, multi-line data joined by `\n`,
 * comments skipped, and chunks split anywhere (even inside a UTF-8 sequence or a CRLF).
 */

export interface ServerSentEvent {
  /** The `event:` field, or undefined when the event named none. */
  event: string | undefined;
  data: string;
  id: string | undefined;
}

export class SSEDecoder {
  readonly #text = new TextDecoder();
  #partial = '';
  #skipLeadingLF = false;
  #data: string[] = [];
  #event: string | undefined;
  #id: string | undefined;

  /** Feeds raw bytes; returns the events they complete. */
  push(chunk: Uint8Array): ServerSentEvent[] {
    return this.#lines(this.#text.decode(chunk, { stream: true }), false);
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
    if (this.#partial) {
      text = this.#partial + text;
      this.#partial = '';
    }
    const hasCR = text.includes('\r');
    let start = 0;
    for (;;) {
      let end = text.indexOf('\n', start);
      let next = end + 1;
      if (hasCR) {
        const cr = text.indexOf('\r', start);
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
      const event = this.#line(text.slice(start, end));
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

  #line(line: string): ServerSentEvent | undefined {
    if (line === '') return this.#dispatch();
    if (line.charCodeAt(0) === 58 /* : */) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
    return undefined;
  }

  #dispatch(): ServerSentEvent | undefined {
    if (this.#data.length === 0) {
      this.#event = undefined;
      return undefined;
    }
    const event: ServerSentEvent = {
      event: this.#event,
      data: this.#data.length === 1 ? (this.#data[0] as string) : this.#data.join('\n'),
      id: this.#id,
    };
    this.#data = [];
    this.#event = undefined;
    return event;
  }
}

/** Decodes a byte stream into events. */
export async function* decodeSSE(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new SSEDecoder();
  for await (const chunk of chunks) {
    for (const event of decoder.push(chunk)) yield event;
  }
  for (const event of decoder.end()) yield event;
}
