/**
 * The bidirectional speech session (`client.speech.connectBidi`, `/ws/v1/t2a_v2_bidi`): text goes
 * in as fragments of any size while audio comes out sentence by sentence. Node, Bun and
 * Deno, through the `ws` package: the platform wants an Authorization header on the upgrade, and the
 * session's pings only `ws` sends.
 *
 * Writes take turns and each fragment is confirmed before the next goes out: a ping sent right
 * after it comes back only once the server has read the fragment, so a 2205 refusal ("too much
 * queued") is known to be this fragment's and the fragment is sent again after a pause.
 */

import { sleep, untilAborted } from '../core/attempt.js';
import { buildBody } from '../core/body.js';
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
import { BIDI_SOCKET_PATH, splitText } from './speech-sockets.js';
import type { SpeechBidiEvent, SpeechBidiOptions, SpeechConnectParams } from './speech-types.js';

/** The server closes a session after about 120 s without traffic; a ping every 30 s keeps it. */
const PING_INTERVAL_MS = 30_000;
const FINISH_WAIT_MS = 3_000;
const CLOSE_WAIT_MS = 1_000;
/** Back-off after a 2205: first pause, ceiling, and how many refusals in a row before giving up. */
const BUSY_FIRST_MS = 250;
const BUSY_MAX_MS = 4_000;
const BUSY_TRIES = 10;
const OPEN = 1;

type Frame = Record<string, unknown>;

interface Waiter {
  resolve(frame: Frame): void;
  reject(error: MiniMaxError): void;
}

/**
 * A bidirectional speech session: `write` text as it arrives (any size, even one character),
 * read the audio as it is spoken. The server speaks whole sentences; `flush()` speaks an
 * unfinished tail, `cancel()` drops what is still queued and keeps the session, `finish()` speaks
 * the rest and ends the audio. One session per connection.
 *
 * @example
 * await using session = await client.speech.connectBidi({
 *   model: 'speech-2.8-turbo',
 *   voice_setting: { voice_id: 'English_expressive_narrator' },
 * });
 * const done = (async () => { for await (const chunk of session) speaker.write(chunk); })();
 * await session.write('Hello ');
 * await session.write('there. ');
 * await session.finish();
 * await done;
 */
export class SpeechBidiSession implements AsyncIterable<Uint8Array> {
  /** Session id the server gave. */
  session_id = '';
  /** Trace id of the session (quote it to MiniMax support). */
  trace_id = '';
  /** The `ws://` or `wss://` URL of the session. */
  readonly url: string;

  readonly #ws: SpeechSocket;
  readonly #events = new Inbox<SpeechBidiEvent | null>();
  readonly #writes = new TurnQueue();
  readonly #waiters = new Map<string, Waiter[]>();
  readonly #opened: Promise<void>;
  #pinger: ReturnType<typeof setInterval> | undefined;
  #confirm: { id: string; settle(busy: boolean): void } | undefined;
  #pings = 0;
  #dropping = false;
  #ended = false;
  #read = false;
  #closing: Promise<void> | undefined;
  #failure: MiniMaxError | undefined;

  /** @internal Use `client.speech.connectBidi()`. */
  constructor(socket: object, url: string) {
    const ws = socket as SpeechSocket;
    this.#ws = ws;
    this.url = url;
    this.#opened = watchSocket(ws, url, {
      frame: (frame) => this.#onFrame(frame),
      die: (error) => this.#die(error),
    });
    ws.on('pong', (id) => {
      if (this.#confirm?.id === id) this.#confirm.settle(false);
    });
  }

  /** @internal Opens the socket and starts the task; used by `speech.connectBidi`. */
  static async _open(
    transport: Transport,
    params: SpeechConnectParams,
    options: SpeechBidiOptions = {},
  ): Promise<SpeechBidiSession> {
    // Each write is confirmed by a ping, so this session needs a socket that sends pings (`ws`).
    const { ws, url, handshake } = await dialSocket(transport, BIDI_SOCKET_PATH, options, { pings: true });
    const session = new SpeechBidiSession(ws, url);
    try {
      await untilAborted(session.#opened, handshake.signal);
      const started = session.#await('task_started');
      await untilAborted(
        session.#send({ ...buildBody(params, { set: { event: undefined } }), event: 'task_start' }),
        handshake.signal,
      );
      await untilAborted(started, handshake.signal);
      const every = options.pingInterval ?? PING_INTERVAL_MS;
      if (Number.isFinite(every) && every > 0) {
        session.#pinger = setInterval(() => {
          if (ws.readyState === OPEN) ws.ping?.();
        }, every);
        session.#pinger.unref?.();
      }
      return session;
    } catch (error) {
      session.#die(error instanceof MiniMaxError ? error : new APIConnectionError(errorMessage(error)));
      ws.terminate();
      throw error instanceof MiniMaxError
        ? error
        : new APIConnectionError(errorMessage(error), { cause: error });
    } finally {
      handshake.finish();
    }
  }

  /** Whether the session can take no more text (finished, closed or failed). */
  get closed(): boolean {
    return this.#ended || this.#failure !== undefined;
  }

  /**
   * Sends `text` (any size: over 10,000 characters it is cut at sentence or word boundaries).
   * Resolves once the server has taken all of it; a 2205 ("too much queued") is answered by
   * waiting and sending the same fragment again, never by dropping it.
   *
   * @example
   * for await (const delta of reply.textStream) await session.write(delta);
   */
  async write(text: string): Promise<void> {
    if (typeof text !== 'string') throw new InvalidParameterError('text must be a string.');
    if (text === '') return;
    const release = await this.#writes.acquire();
    try {
      for (const piece of splitText(text)) await this.#sendFragment(piece);
    } finally {
      release();
    }
  }

  /**
   * Speaks the text queued so far even if its sentence is unfinished (`task_flush`).
   *
   * @example
   * await session.write('Thinking');
   * await session.flush();
   */
  async flush(): Promise<void> {
    await this.#control('task_flush', 'task_flushed');
  }

  /**
   * Interrupts: the server drops the text it has not spoken yet (`task_cancel`), audio not read
   * yet is dropped too, and the session stays open for new text.
   *
   * @example
   * await session.cancel(); // the user barged in
   * await session.write('Sure, go ahead. ');
   */
  async cancel(): Promise<void> {
    this.#dropping = true;
    this.#events.retain((event) => event === null);
    try {
      await this.#control('task_cancel', 'task_canceled');
    } finally {
      this.#dropping = false;
    }
  }

  /**
   * Speaks the rest (`task_finish`) and resolves once the server has; the audio iteration then
   * ends. No text can be written after.
   *
   * @example
   * await session.finish();
   */
  async finish(): Promise<void> {
    await this.#control('task_finish', 'task_finished');
  }

  /** The audio, chunk by chunk; ends after `finish()` or `close()`. Read once. */
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for await (const event of this.events()) if (event.type === 'audio') yield event.audio;
  }

  /**
   * Everything the session says, in order: `audio` chunks and `sentence_start` / `sentence_end`
   * marks. Read once (this or the audio iteration).
   *
   * @example
   * for await (const event of session.events()) {
   *   if (event.type === 'sentence_start') console.log('saying:', event.text);
   *   else if (event.type === 'audio') speaker.write(event.audio);
   * }
   */
  async *events(): AsyncGenerator<SpeechBidiEvent> {
    if (this.#read) throw new MiniMaxError('This session was already read; its audio can be read once.');
    this.#read = true;
    for (;;) {
      const event = await this.#events.next(0, undefined, '');
      if (event === null) return;
      yield event;
    }
  }

  /**
   * Ends the session: finishes politely if it still can (waiting briefly), then closes the socket.
   * Safe to call many times; never throws.
   *
   * @example
   * try { await session.write('Bye.'); } finally { await session.close(); }
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /**
   * @internal Ends the session at once with `error` (no polite finish): every wait and the
   * reader reject with it and the socket is dropped. Used by `speech.streamText`.
   */
  _fail(error: MiniMaxError): void {
    this.#die(error);
    this.#ws.terminate();
  }

  /** `await using session = await client.speech.connectBidi(...)` closes it at the end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #closedError(): MiniMaxError {
    return new MiniMaxError('The speech session is closed.', { cause: this.#failure });
  }

  async #sendFragment(text: string): Promise<void> {
    let pause = BUSY_FIRST_MS;
    for (let tries = 1; ; tries++) {
      if (this.closed) throw this.#failure ?? this.#closedError();
      const id = `w${++this.#pings}`;
      const busy = new Promise<boolean>((resolve) => {
        this.#confirm = { id, settle: resolve };
      });
      try {
        await this.#send({ event: 'task_continue', text });
        this.#ws.ping?.(id);
        const refused = await busy;
        // A dying session settles the wait too: its error is the answer.
        if (this.#failure) throw this.#failure;
        if (!refused) return;
      } finally {
        this.#confirm = undefined;
      }
      if (tries >= BUSY_TRIES) {
        throw new MiniMaxError(
          `The speech session refused text ${tries} times in a row (2205: too much queued); the text was not sent.`,
          { code: 2205, trace_id: this.trace_id },
        );
      }
      await sleep(pause);
      pause = Math.min(pause * 2, BUSY_MAX_MS);
    }
  }

  async #control(event: string, answer: string): Promise<void> {
    if (this.closed) throw this.#failure ?? this.#closedError();
    const release = await this.#writes.acquire();
    try {
      const answered = this.#await(answer);
      await this.#send({ event });
      await answered;
    } finally {
      release();
    }
  }

  /** A promise for the next frame with this event; it rejects when the session dies. */
  #await(event: string): Promise<Frame> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const list = this.#waiters.get(event) ?? [];
      list.push({ resolve, reject });
      this.#waiters.set(event, list);
    });
  }

  #settle(event: string, frame: Frame): void {
    const list = this.#waiters.get(event);
    const waiter = list?.shift();
    if (list?.length === 0) this.#waiters.delete(event);
    waiter?.resolve(frame);
  }

  #send(message: Frame): Promise<void> {
    return new Promise((resolve, reject) => {
      const failed = (error: unknown) =>
        reject(
          this.#failure ??
            new APIConnectionError(`WebSocket send failed: ${errorMessage(error)}`, { cause: error }),
        );
      try {
        this.#ws.send(JSON.stringify(message), (error) => (error ? failed(error) : resolve()));
      } catch (error) {
        failed(error);
      }
    });
  }

  #onFrame(frame: Record<string, unknown>): void {
    if (typeof frame.trace_id === 'string' && frame.trace_id) this.trace_id = frame.trace_id;
    if (typeof frame.session_id === 'string' && frame.session_id) this.session_id = frame.session_id;
    const status = readMiniMaxStatus(frame);
    if ((status && status.code !== 0) || frame.event === 'task_failed') {
      const code = status?.code ?? 0;
      // 2205: this fragment was refused for now; the writer waits and sends it again.
      if (code === 2205 && this.#confirm) {
        this.#confirm.settle(true);
        return;
      }
      // 2203 (empty text skipped) drops nothing worth reporting.
      if (code === 2203) return;
      const error =
        code !== 0
          ? errorFromCode(status!, { trace_id: this.trace_id, body: frame })
          : new MiniMaxError(
              (typeof frame.message === 'string' && frame.message) || 'The speech task failed.',
              { trace_id: this.trace_id, body: frame },
            );
      this.#die(error);
      this.#ws.terminate();
      return;
    }
    const event = frame.event;
    const body = isRecord(frame.data) ? frame.data : {};
    if (event === 'task_continued') {
      if (!this.#dropping && typeof body.audio === 'string' && body.audio !== '') {
        this.#events.deliver({ type: 'audio', audio: decodeHex(body.audio) }, true);
      }
    } else if (event === 'sentence_start' || event === 'sentence_end') {
      if (!this.#dropping) {
        this.#events.deliver({ type: event, text: typeof body.text === 'string' ? body.text : '' }, true);
      }
    } else if (event === 'task_finished') {
      this.#ended = true;
      this.#events.deliver(null, true);
      this.#settle('task_finished', frame);
    } else if (typeof event === 'string') this.#settle(event, frame);
  }

  /** The socket is gone or unusable: every wait rejects with `error` (audio already read stays). */
  #die(error: MiniMaxError): void {
    clearInterval(this.#pinger);
    if (this.#failure || this.#closing) {
      this.#events.deliver(null, true);
      this.#rejectAll(this.#failure ?? error);
      return;
    }
    if (this.#ended) {
      this.#rejectAll(error);
      return;
    }
    this.#failure = error;
    this.#confirm?.settle(false);
    this.#rejectAll(error);
    this.#writes.rejectAll(error);
    this.#events.die(error);
  }

  #rejectAll(error: MiniMaxError): void {
    for (const list of this.#waiters.values()) for (const waiter of list) waiter.reject(error);
    this.#waiters.clear();
  }

  async #shutdown(): Promise<void> {
    clearInterval(this.#pinger);
    if (!this.closed && this.#ws.readyState === OPEN) {
      try {
        const answered = this.#await('task_finished');
        await this.#send({ event: 'task_finish' });
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          answered,
          new Promise((resolve) => {
            timer = setTimeout(resolve, FINISH_WAIT_MS);
          }),
        ]).finally(() => clearTimeout(timer));
      } catch {
        // The session is over whatever the server says now.
      }
    }
    this.#ended = true;
    this.#events.deliver(null, true);
    const ws = this.#ws;
    if (ws.readyState === 3) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => ws.terminate(), CLOSE_WAIT_MS);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (ws.readyState === OPEN) ws.close(1000);
      else ws.terminate();
    });
  }
}
