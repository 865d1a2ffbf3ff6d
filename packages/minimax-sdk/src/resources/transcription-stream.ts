import { errorFromCode, MiniMaxError, readMiniMaxStatus } from '../core/errors.js';
import type { ServerSentEvent } from '../core/sse.js';
import { BaseStream, parseEventJSON, type SSEConnection } from '../core/streaming.js';

/**
 * A streamed transcript (`speech.transcribeStream`): an async iterable of text deltas as the
 * service recognises them. The stream ends with a `transcript.text.done` event holding the whole
 * text; `finalText()` resolves to it (reading the stream if nobody else does).
 *
 * @example
 * const stream = client.speech.transcribeStream({ file: 'meeting.mp3' });
 * for await (const delta of stream) process.stdout.write(delta);
 * // or: const text = await client.speech.transcribeStream({ file: 'meeting.mp3' }).finalText();
 */
export class TranscriptionStream extends BaseStream<string> {
  /** Trace id of the stream, once an event carried one. */
  trace_id: string | undefined;
  #deltas: string[] = [];
  #final: string | undefined;
  #reading: Promise<string> | undefined;

  constructor(connection: SSEConnection) {
    super(connection);
  }

  protected onEvent(event: ServerSentEvent, emit: (delta: string) => void): boolean {
    if (event.data === '[DONE]') return this.#final !== undefined;
    const body = parseEventJSON(event);
    const status = readMiniMaxStatus(body);
    if (status && status.code !== 0) throw errorFromCode(status, { trace_id: this.trace_id });
    if (typeof body.trace_id === 'string' && body.trace_id) this.trace_id = body.trace_id;
    if (body.type === 'transcript.text.done') {
      this.#final = typeof body.text === 'string' ? body.text : this.#deltas.join('');
      return true;
    }
    if (typeof body.delta === 'string' && body.delta !== '') {
      this.#deltas.push(body.delta);
      emit(body.delta);
    }
    return false;
  }

  protected override onEnd(): void {
    // Without its done event the transcript may be missing its tail; saying so beats a short text.
    if (this.#final === undefined) {
      throw new MiniMaxError('The transcript stream ended before its final event: the text is incomplete.', {
        trace_id: this.trace_id,
      });
    }
  }

  protected encode(delta: string): Uint8Array {
    return new TextEncoder().encode(delta);
  }

  /**
   * The whole transcript. Reads the stream to its end when it has not been read; after a `for
   * await` loop that ran to the end it resolves to the text that loop saw.
   */
  finalText(): Promise<string> {
    if (this.#final !== undefined) return Promise.resolve(this.#final);
    this.#reading ??= (async () => {
      for await (const _delta of this) {
        // The deltas are collected by onEvent; only the final text is wanted here.
      }
      return this.#final ?? this.#deltas.join('');
    })();
    return this.#reading;
  }
}
