/**
 * The WebSocket speech session (`client.speech.connect`). Opens where a socket can
 * send the Authorization header: the runtime's own `WebSocket` (Bun, Deno, Node 22+), a fetch
 * upgrade (workerd), else `ws`, loaded only when a session opens.
 *
 * One socket carries one session. Frames are read by one reader at a time (the handshake, a
 * send, or `close()`), and sends take turns, so the audio of two texts can never interleave.
 *
 * Why this file is one unit (over 400 lines): who owns the incoming frames, whose turn it is
 * and whether the socket is still usable are one piece of private state, and every method here
 * changes it. The general mechanisms it is built from live on their own: the frame inbox
 * (`core/inbox.ts`), the turn queue (`core/turns.ts`), the socket plumbing (`core/websocket.ts`),
 * the handshake deadline (`Attempt`) and the streamed audio (`speech-stream.ts`).
 */

import { untilAborted } from '../core/attempt.js';
import { type AudioResponse, audioFromBody } from '../core/audio.js';
import { buildBody, ownValue } from '../core/body.js';
import { decodeHex } from '../core/bytes.js';
import {
  APIConnectionError,
  errorFromCode,
  InvalidParameterError,
  MiniMaxError,
  readMiniMaxStatus,
} from '../core/errors.js';
import { Inbox } from '../core/inbox.js';
import type { Transport } from '../core/transport.js';
import { TurnQueue } from '../core/turns.js';
import { isRecord } from '../core/values.js';
import { dialSocket, errorMessage, type SpeechSocket, watchSocket } from '../core/websocket.js';
import { SPEECH_SOCKET_PATH } from './speech-sockets.js';
import { SpeechStream } from './speech-stream.js';
import type {
  SpeechConnectOptions,
  SpeechConnectParams,
  SpeechSendOptions,
  SpeechSendParams,
} from './speech-types.js';

/**
 * Largest inbound frame. The hex audio frame of a long text can pass 1 MiB (a common library
 * default); this leaves ample room while still bounding memory.
 */
/** How long `close()` waits for `task_finished`, and then for the socket to close. */
const FINISH_WAIT_MS = 3_000;
const CLOSE_WAIT_MS = 1_000;
/** How much of a refused upgrade's body is read to find the error in it. */

const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

type Frame = Record<string, unknown>;
/** Identifies who may read frames right now; a stale reader gets the "closed" error. */
type Reader = object;

/** A send in progress: it owns the frames until `release`. */
interface Turn {
  reader: Reader;
  timeout: number;
  signal: AbortSignal | undefined;
  release: () => void;
}

/**
 * A WebSocket speech session: the voice and audio settings are fixed at `connect`, then each
 * `send` turns one text into audio over the same socket (lower latency than one HTTP call each).
 *
 * Every wait for a frame is bounded by the idle timeout; a timeout, an abort, an error frame or a
 * dropped socket during a send closes the connection. Sends take turns. `close()` ends the
 * session politely and never throws.
 *
 * @example
 * await using conn = await client.speech.connect({
 *   model: 'speech-2.8-turbo',
 *   voice_setting: { voice_id: 'English_expressive_narrator' },
 * });
 * const audio = await conn.send({ text: 'Hello there.' });
 * await audio.save('hello.mp3');
 * for await (const chunk of conn.sendStream({ text: 'And this one streams.' })) player.write(chunk);
 */
export class SpeechConnection {
  /** Session id the server gave at `task_started`. */
  session_id = '';
  /** Trace id of the session (quote it to MiniMax support). */
  trace_id = '';
  /** The `ws://` or `wss://` URL of the session. */
  readonly url: string;

  readonly #ws: SpeechSocket;
  readonly #idleTimeout: number;
  readonly #inbox = new Inbox<Frame>();
  readonly #opened: Promise<void>;
  #reader: Reader | undefined;
  /** No new send may start (after `close()`, or after a failure closed the socket). */
  #closed = false;
  #closing: Promise<void> | undefined;
  readonly #turns = new TurnQueue();

  /** @internal Use `client.speech.connect()`. */
  constructor(socket: object, url: string, idleTimeout: number) {
    // Typed loosely so the declarations never name the internal socket type.
    const ws = socket as SpeechSocket;
    this.#ws = ws;
    this.url = url;
    this.#idleTimeout = idleTimeout;
    this.#opened = watchSocket(ws, url, {
      frame: (frame) => this.#onFrame(frame),
      die: (error) => this.#die(error),
    });
  }

  /** @internal Opens the socket and runs the `task_start` handshake; used by `speech.connect`. */
  static async _open(
    transport: Transport,
    params: SpeechConnectParams,
    options: SpeechConnectOptions = {},
  ): Promise<SpeechConnection> {
    const idleTimeout = options.idleTimeout ?? options.timeout ?? transport.defaultTimeout;
    const { ws, url, handshake } = await dialSocket(transport, SPEECH_SOCKET_PATH, options);
    const conn = new SpeechConnection(ws, url, idleTimeout);
    const reader: Reader = {};
    conn.#reader = reader;
    try {
      await untilAborted(conn.#opened, handshake.signal);
      const start = conn.#write({
        // Every session setting the caller gave (subtitle_enable, subtitle_type, continuous_sound, …).
        ...buildBody(params, { set: { event: undefined } }),
        event: 'task_start',
      });
      await untilAborted(start, handshake.signal);
      for (;;) {
        const frame = conn.#check(await conn.#next(reader, 0, handshake.signal), 'task_start');
        if (typeof frame.trace_id === 'string' && frame.trace_id) conn.trace_id = frame.trace_id;
        if (typeof frame.session_id === 'string' && frame.session_id) conn.session_id = frame.session_id;
        if (frame.event === 'task_started') break;
      }
      conn.#release(reader);
      return conn;
    } catch (error) {
      // A failed handshake must not leave a socket behind.
      conn.#fail();
      throw error instanceof MiniMaxError
        ? error
        : new APIConnectionError(errorMessage(error), { cause: error });
    } finally {
      handshake.finish();
    }
  }

  /** Whether the connection can no longer send (closed by `close()` or by a failure). */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Speaks `text` and resolves with all of its audio once the server marks the last frame
   * (`is_final`). Sends wait for the previous one to finish.
   *
   * @example
   * const audio = await conn.send({ text: 'Good morning!' }, { timeout: 30_000 });
   * console.log(audio.duration, audio.extra_info?.usage_characters);
   */
  async send(params: SpeechSendParams, options: SpeechSendOptions = {}): Promise<AudioResponse> {
    const turn = await this.#begin(params, options);
    try {
      const hex: string[] = [];
      let extra: Record<string, unknown> | undefined;
      let trace = this.trace_id;
      let subtitle: string | undefined;
      for (;;) {
        const frame = await this.#read(turn);
        const data = isRecord(frame.data) ? frame.data : {};
        if (typeof data.audio === 'string' && data.audio !== '') hex.push(data.audio);
        subtitle = subtitleOf(frame, data) ?? subtitle;
        if (isRecord(frame.extra_info)) extra = frame.extra_info;
        if (typeof frame.trace_id === 'string' && frame.trace_id) trace = frame.trace_id;
        if (frame.is_final) break;
      }
      const body = {
        data: { audio: hex.join(''), subtitle_file: subtitle },
        extra_info: extra,
        trace_id: trace,
      };
      return audioFromBody(body, () =>
        Promise.reject(new MiniMaxError('WebSocket audio has no URL to download.')),
      );
    } finally {
      this.#end(turn);
    }
  }

  /**
   * Speaks `text` and yields its audio chunk by chunk as frames arrive. The text is sent at once
   * (before iteration starts); errors surface on iteration. Breaking out of the loop keeps the
   * connection usable (the rest of this text's audio is drained in the background). A stream
   * that is never iterated holds up later sends until it is read or the connection is closed.
   *
   * @example
   * for await (const chunk of conn.sendStream({ text: 'Streaming, chunk by chunk.' })) {
   *   speaker.write(chunk);
   * }
   */
  sendStream(params: SpeechSendParams, options: SpeechSendOptions = {}): SpeechStream {
    this.#validate(params);
    const started = this.#begin(params, options);
    started.catch(() => {});
    let finished = false;
    return new SpeechStream({
      next: async (stream) => {
        const turn = await started;
        while (!finished) {
          let chunk: Uint8Array | undefined;
          try {
            const frame = await this.#read(turn);
            const data = isRecord(frame.data) ? frame.data : {};
            if (isRecord(frame.extra_info)) stream.extra_info = frame.extra_info;
            if (typeof frame.trace_id === 'string' && frame.trace_id) stream.trace_id = frame.trace_id;
            stream.subtitle_file = subtitleOf(frame, data) ?? stream.subtitle_file;
            if (frame.is_final) finished = true;
            if (typeof data.audio === 'string' && data.audio !== '') chunk = decodeHex(data.audio);
          } catch (error) {
            // Bad hex mid-text leaves the rest of its frames in flight: the socket cannot be reused.
            if (!finished) this.#fail(turn.reader);
            finished = true;
            throw error;
          } finally {
            if (finished) this.#end(turn);
          }
          if (chunk) return chunk;
        }
        return undefined;
      },
      cancel: () => {
        if (finished) return;
        finished = true;
        started.then((turn) => this.#drain(turn)).catch(() => {});
      },
    });
  }

  /**
   * Ends the session: sends `task_finish`, waits briefly for `task_finished`, closes the socket.
   * Safe to call many times; never throws. A send still running is rejected with "closed".
   *
   * @example
   * try { await conn.send({ text: 'Bye.' }); } finally { await conn.close(); }
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /** `await using conn = await client.speech.connect(...)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #closedError(): MiniMaxError {
    return new MiniMaxError('The speech connection is closed.', { cause: this.#inbox.dead });
  }

  #validate(params: SpeechSendParams): void {
    // Own keys only: a text inherited through a prototype is not the caller's to send.
    if (typeof ownValue(params, 'text') !== 'string') {
      throw new InvalidParameterError('text must be a string.');
    }
    if (this.#closed) throw this.#closedError();
  }

  /** Marks the socket gone and wakes whoever waits on it. */
  #die(error: MiniMaxError): void {
    if (this.#inbox.dead) return;
    this.#inbox.die(error);
    this.#closed = true;
  }

  /** Drops the socket after a failure, unless `close()` has taken over (`reader` is then stale). */
  #fail(reader?: Reader): void {
    if (reader !== undefined && reader !== this.#reader) return;
    this.#closed = true;
    this.#reader = undefined;
    this.#turns.rejectAll(this.#closedError());
    this.#ws.terminate();
  }

  #onFrame(frame: Record<string, unknown>): void {
    // A frame that arrived between sends belongs to none of them; only an error is worth keeping.
    this.#inbox.deliver(frame, this.#reader !== undefined || isErrorFrame(frame));
  }

  /**
   * The next frame for `reader`, waiting at most `timeout` ms (0: no limit) and until `signal`
   * aborts.
   */
  #next(reader: Reader, timeout: number, signal: AbortSignal | undefined): Promise<Frame> {
    if (reader !== this.#reader) return Promise.reject(this.#closedError());
    return this.#inbox.next(timeout, signal, `No answer on the speech WebSocket for ${timeout} ms.`);
  }

  /** Applies the error rules to a frame: a non-zero code is the mapped error; `task_failed` fails. */
  #check(frame: Frame, action: string): Frame {
    const status = readMiniMaxStatus(frame);
    const trace_id = (typeof frame.trace_id === 'string' && frame.trace_id) || this.trace_id;
    if (status && status.code !== 0) throw errorFromCode(status, { trace_id, body: frame });
    if (frame.event === 'task_failed') {
      const message =
        (typeof frame.message === 'string' && frame.message) ||
        (status?.message && status.message !== 'success' ? status.message : '') ||
        `WebSocket ${action} failed.`;
      throw new MiniMaxError(message, { trace_id, body: frame });
    }
    return frame;
  }

  #write(message: Frame): Promise<void> {
    return new Promise((resolve, reject) => {
      const failed = (error: unknown) =>
        reject(new APIConnectionError(`WebSocket send failed: ${errorMessage(error)}`, { cause: error }));
      try {
        this.#ws.send(JSON.stringify(message), (error) => (error ? failed(error) : resolve()));
      } catch (error) {
        failed(error);
      }
    });
  }

  /** Takes a turn and sends the text; from then on the turn owns the incoming frames. */
  async #begin(params: SpeechSendParams, options: SpeechSendOptions): Promise<Turn> {
    this.#validate(params);
    // Waiting for a turn: an abort while waiting leaves the connection untouched.
    const release = await this.#turns.acquire(options.signal);
    if (this.#closed) {
      release();
      throw this.#closedError();
    }
    const reader: Reader = {};
    this.#reader = reader;
    const turn: Turn = {
      reader,
      timeout: options.timeout ?? this.#idleTimeout,
      signal: options.signal,
      release,
    };
    try {
      await this.#write({ event: 'task_continue', text: params.text });
    } catch (error) {
      this.#fail(reader);
      this.#end(turn);
      throw error;
    }
    return turn;
  }

  /** The turn's next frame, checked; any failure here leaves the socket unusable, so it is closed. */
  async #read(turn: Turn): Promise<Frame> {
    try {
      return this.#check(await this.#next(turn.reader, turn.timeout, turn.signal), 'task_continue');
    } catch (error) {
      this.#fail(turn.reader);
      throw error;
    }
  }

  #end(turn: Turn): void {
    this.#release(turn.reader);
    turn.release();
  }

  /** Stops `reader` owning the frames. */
  #release(reader: Reader): void {
    if (this.#reader !== reader) return;
    this.#reader = undefined;
    // Frames left after a text's last one belong to no send; only an error is worth keeping.
    this.#inbox.retain(isErrorFrame);
  }

  /** Reads and drops the rest of a text's audio after its stream was left early. */
  async #drain(turn: Turn): Promise<void> {
    const quiet: Turn = { ...turn, signal: undefined };
    try {
      for (;;) if ((await this.#read(quiet)).is_final) return;
    } finally {
      this.#end(turn);
    }
  }

  async #shutdown(): Promise<void> {
    const polite = !this.#closed && this.#ws.readyState === OPEN;
    this.#closed = true;
    const reader: Reader = {};
    this.#reader = reader;
    this.#inbox.interrupt(this.#closedError());
    this.#turns.rejectAll(this.#closedError());
    try {
      if (polite) {
        await this.#write({ event: 'task_finish' });
        const limit =
          Number.isFinite(this.#idleTimeout) && this.#idleTimeout > 0
            ? Math.min(this.#idleTimeout, FINISH_WAIT_MS)
            : FINISH_WAIT_MS;
        const until = Date.now() + limit;
        for (;;) {
          const left = until - Date.now();
          if (left <= 0) break;
          const frame = await this.#next(reader, left, undefined);
          if (frame.event === 'task_finished' || frame.event === 'task_failed') break;
        }
      }
    } catch {
      // Whatever the server says now, the session is over; close() reports nothing.
    }
    await this.#disconnect();
  }

  /** Closes the socket cleanly if it can, and for sure within `CLOSE_WAIT_MS`. */
  #disconnect(): Promise<void> {
    const ws = this.#ws;
    if (ws.readyState === CLOSED) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => ws.terminate(), CLOSE_WAIT_MS);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (ws.readyState === OPEN) ws.close(1000);
      else if (ws.readyState !== CLOSING) ws.terminate();
    });
  }
}

function isErrorFrame(frame: Frame): boolean {
  const status = readMiniMaxStatus(frame);
  return (status !== undefined && status.code !== 0) || frame.event === 'task_failed';
}

/** The subtitle file URL of a final frame (under `data`, as in HTTP answers, or at the top level). */
function subtitleOf(frame: Frame, data: Record<string, unknown>): string | undefined {
  const url = data.subtitle_file ?? frame.subtitle_file;
  return typeof url === 'string' && url !== '' ? url : undefined;
}
