import type { AudioExtraInfo } from './audio.js';
import { decodeHex } from './bytes.js';
import { errorFromCode, MiniMaxError, readMiniMaxStatus } from './errors.js';
import { writeFileAtomic } from './node-fs.js';
import type { ServerSentEvent } from './sse.js';
import { BaseStream, parseEventJSON, type SSEConnection, type StreamSource } from './streaming.js';

/**
 * Audio its source has already decoded (the bidirectional socket of `speech.streamText`): a chunk,
 * or the mark that the audio is whole (`final`), with the trace id known so far.
 */
export interface AudioPiece {
  audio?: Uint8Array | undefined;
  trace_id?: string | undefined;
  final?: boolean | undefined;
}

/**
 * Streamed audio (`speech.ttsStream`, `speech.streamText`, `music.generateStream`): an async
 * iterable of decoded audio chunks. The API ends with a summary event (`data.status == 2`) that repeats the whole clip; it is
 * not yielded again, and a stream cut off before it throws (its audio would be incomplete). A
 * non-zero `base_resp` on any event throws the mapped error.
 *
 * @example
 * const stream = client.speech.ttsStream({ text: 'Hello', model: 'speech-2.8-turbo' });
 * for await (const chunk of stream) player.write(chunk);
 * // or: await stream.save('hello.mp3');
 */
export class AudioStream extends BaseStream<Uint8Array, ServerSentEvent | AudioPiece> {
  /** `extra_info` of the last event that carried one (known once the stream ends). */
  extra_info: AudioExtraInfo | undefined;
  /** Trace id of the stream, once an event carried one. */
  trace_id: string | undefined;
  /** URL of the subtitle file (`subtitle_enable`), from the final event (known once the stream ends). */
  subtitle_file: string | undefined;

  constructor(connection: SSEConnection | StreamSource<AudioPiece>) {
    super(connection);
  }

  #chunks = 0;
  #complete = false;

  protected onEvent(event: ServerSentEvent | AudioPiece, emit: (chunk: Uint8Array) => void): boolean {
    if (!('data' in event)) {
      if (event.trace_id) this.trace_id = event.trace_id;
      if (event.audio && event.audio.byteLength > 0) {
        emit(event.audio);
        this.#chunks++;
      }
      if (event.final) this.#complete = true;
      return event.final === true;
    }
    if (event.data === '[DONE]') {
      this.#complete = true;
      return true;
    }
    let body: Record<string, unknown>;
    try {
      body = parseEventJSON(event);
    } catch {
      // A stray line (a proxy's keep-alive text, a truncated log line) carries no audio; the
      // stream's completeness is still checked by its final event.
      this.warn(
        `[minimax] skipped an audio stream event that is not a JSON object: ${event.data.slice(0, 80)}`,
      );
      return false;
    }
    const status = readMiniMaxStatus(body);
    if (status && status.code !== 0) throw errorFromCode(status, { trace_id: this.trace_id });
    if (typeof body.trace_id === 'string' && body.trace_id) this.trace_id = body.trace_id;
    if (body.extra_info && typeof body.extra_info === 'object') {
      this.extra_info = body.extra_info as AudioExtraInfo;
    }
    const data = body.data && typeof body.data === 'object' ? (body.data as Record<string, unknown>) : {};
    const final = data.status === 2;
    if (typeof data.subtitle_file === 'string' && data.subtitle_file) this.subtitle_file = data.subtitle_file;
    // The status-2 summary repeats everything already sent; it only counts if nothing came before.
    if (!(final && this.#chunks > 0) && typeof data.audio === 'string' && data.audio !== '') {
      emit(decodeHex(data.audio));
      this.#chunks++;
    }
    if (final) this.#complete = true;
    return final;
  }

  protected override onEnd(): void {
    // The API always ends with a status-2 event; a body that stops before it lost audio on the way,
    // and saving it as if it were whole would hide that.
    if (!this.#complete) {
      throw new MiniMaxError('The audio stream ended before its final event: the audio is incomplete.', {
        trace_id: this.trace_id,
      });
    }
  }

  protected encode(chunk: Uint8Array): Uint8Array {
    return chunk;
  }

  /** Streams the audio to `path` (O(1) memory), atomically: on any failure no file is left. Node, Bun, Deno. */
  async save(path: string): Promise<string> {
    return (await writeFileAtomic(path, this)).path;
  }
}
