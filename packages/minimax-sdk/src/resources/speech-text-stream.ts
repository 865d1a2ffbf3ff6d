/**
 * `speech.streamText`: text from any source (a string, an iterable, a model's `textStream`) spoken
 * over one bidirectional session, its audio read as an `AudioStream`.
 *
 * Text is pulled from the source from the first moment, even while the socket is still opening,
 * and whatever arrived while the previous write was being confirmed goes out as one fragment: the
 * session never waits on the source, and the source never waits on a round trip per delta.
 */

import { abortError } from '../core/attempt.js';
import type { AudioPiece } from '../core/audio-stream.js';
import { APIUserAbortError, InvalidParameterError, MiniMaxError } from '../core/errors.js';
import type { StreamSource } from '../core/streaming.js';
import type { SpeechBidiSession } from './speech-bidi.js';
import type { SpeechTextSource } from './speech-types.js';

type TextIterator = Iterator<unknown> | AsyncIterator<unknown>;

/**
 * The iterator of `text`, checked now: a string is one piece (never read character by character).
 * Throws `InvalidParameterError` for anything that is not a string or an (async) iterable.
 */
export function textIterator(text: SpeechTextSource): TextIterator {
  if (typeof text === 'string') return [text][Symbol.iterator]();
  if (typeof text === 'object' && text !== null) {
    const asyncIterate = (text as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator];
    if (typeof asyncIterate === 'function') return asyncIterate.call(text);
    const iterate = (text as Partial<Iterable<unknown>>)[Symbol.iterator];
    if (typeof iterate === 'function') return iterate.call(text);
  }
  throw new InvalidParameterError(
    "text must be a string, an iterable or an async iterable of strings (e.g. a text stream's textStream).",
  );
}

/** Resolves after the work already queued in this turn of the event loop (I/O included). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/** The session's error for `reason`: a MiniMaxError as is, anything else wrapped (kept as the cause). */
function asMiniMaxError(reason: unknown): MiniMaxError {
  if (reason instanceof MiniMaxError) return reason;
  const detail = reason instanceof Error ? reason.message : String(reason);
  return new MiniMaxError(`The text source failed: ${detail}`, { cause: reason });
}

/**
 * Speaks what `texts` yields over the session `open` starts, as the source of an `AudioStream`.
 * Starts now. However it ends (the source throws, the socket drops, the reader stops early, an
 * abort), both sides are released: the socket is closed and the source's `return()` is called
 * unless the source itself ended or threw.
 */
export function speakText(
  open: (signal: AbortSignal) => Promise<SpeechBidiSession>,
  texts: TextIterator,
  options: { signal?: AbortSignal | undefined; warn(message: string): void },
): StreamSource<AudioPiece> {
  const controller = new AbortController();
  let session: SpeechBidiSession | undefined;
  /** Why the speaking was stopped from this side (the source's error, an abort); the reader's error. */
  let stopped: { reason: unknown } | undefined;
  let sourceEnded = false;
  let released = false;
  let buffer = '';
  let wake: (() => void) | undefined;

  const signal = options.signal;
  const onAbort = () => stop(abortError(signal as AbortSignal));

  /** Lets go of the text source (once), unless it has already ended or failed by itself. */
  const release = (): void => {
    if (released || sourceEnded) return;
    released = true;
    try {
      // An async generator busy in next() runs this once that step settles: never wait for it.
      Promise.resolve(texts.return?.()).catch(() => {});
    } catch {
      // A source whose return() throws is released all the same.
    }
  };

  function stop(reason: unknown): void {
    if (stopped) return;
    stopped = { reason };
    signal?.removeEventListener('abort', onAbort);
    controller.abort(reason);
    release();
    session?._fail(asMiniMaxError(reason));
    wake?.();
  }

  if (signal?.aborted) stop(abortError(signal));
  else signal?.addEventListener('abort', onAbort, { once: true });

  // Pulls the text as fast as the source gives it, whatever the socket is doing.
  const pulled = (async () => {
    try {
      while (!stopped) {
        const step = await texts.next();
        if (step.done) break;
        if (stopped) return;
        if (typeof step.value !== 'string') {
          stop(
            new InvalidParameterError(
              `text must yield strings; it yielded ${step.value === null ? 'null' : typeof step.value}.`,
            ),
          );
          return;
        }
        buffer += step.value;
        wake?.();
      }
      sourceEnded = true;
    } catch (error) {
      sourceEnded = true;
      stop(error);
    } finally {
      wake?.();
    }
  })();

  const opened = open(controller.signal);
  const spoken = opened.then(async (s) => {
    session = s;
    if (stopped) {
      s._fail(asMiniMaxError(stopped.reason));
      return;
    }
    try {
      for (;;) {
        if (stopped) return;
        if (buffer === '') {
          if (sourceEnded) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          // A model's deltas come in bursts (one network chunk holds several): let the rest of
          // this burst arrive, so it goes out as one fragment instead of one plus a round trip.
          await nextTurn();
          continue;
        }
        const piece = buffer;
        buffer = '';
        await s.write(piece);
      }
      await s.finish();
    } catch {
      // The session died (its error reaches the reader) or was stopped: the source goes too.
      release();
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await s.close();
    }
  });
  // Nobody may ever read the stream: no failure of either side may surface as unhandled.
  opened.catch((error: unknown) => stop(error));
  pulled.catch(() => {});
  spoken.catch(() => {});

  return {
    async *batches() {
      let s: SpeechBidiSession;
      try {
        s = await opened;
      } catch (error) {
        throw stopped ? stopped.reason : error;
      }
      let whole = false;
      try {
        for await (const audio of s) yield [{ audio, trace_id: s.trace_id }];
        if (stopped) throw stopped.reason;
        whole = true;
        yield [{ final: true, trace_id: s.trace_id }];
      } catch (error) {
        release();
        throw stopped ? stopped.reason : error;
      } finally {
        // The reader stopped early: nobody wants the rest, so neither side keeps going.
        if (!whole) stop(new APIUserAbortError('Stream closed before its end.'));
      }
    },
    abort() {
      stop(new APIUserAbortError('Stream aborted.'));
    },
    warn: options.warn,
  };
}
