/** `SpeechStream`: the audio of one `SpeechConnection.sendStream` call. */
import type { AudioExtraInfo } from '../core/audio.js';
import { MiniMaxError } from '../core/errors.js';

/** What a `SpeechStream` pulls from its connection. */
export interface ChunkSource {
  next(stream: SpeechStream): Promise<Uint8Array | undefined>;
  cancel(): void;
}

/**
 * The audio of one `sendStream` call: an async iterable of decoded chunks, read once. The text
 * was sent when `sendStream` returned.
 *
 * Breaking out of the loop keeps the connection usable: the rest of this text's audio is read and
 * dropped in the background (still under the idle timeout), and the next send waits for that.
 */
export class SpeechStream implements AsyncIterable<Uint8Array> {
  /** `extra_info` of the last frame that carried one (complete once the stream ends). */
  extra_info: AudioExtraInfo | undefined;
  /** Trace id of the session's frames, once one arrived. */
  trace_id: string | undefined;
  /** URL of this text's subtitle file (`subtitle_enable` at connect), from its final frame. */
  subtitle_file: string | undefined;
  readonly #source: ChunkSource;
  #read = false;

  /** @internal Made by `SpeechConnection.sendStream`. */
  constructor(source: ChunkSource) {
    this.#source = source;
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.#read) throw new MiniMaxError('This stream was already read; a stream can be read once.');
    this.#read = true;
    return {
      next: async () => {
        const chunk = await this.#source.next(this);
        return chunk === undefined ? { done: true, value: undefined } : { done: false, value: chunk };
      },
      return: async () => {
        this.#source.cancel();
        return { done: true, value: undefined };
      },
    };
  }
}
