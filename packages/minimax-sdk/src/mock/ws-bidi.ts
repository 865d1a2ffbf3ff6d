/**
 * The bidirectional T2A WebSocket (`/ws/v1/t2a_v2_bidi`): text arrives in fragments of any size,
 * the session groups it into sentences by punctuation and speaks each whole sentence
 * (`sentence_start`, audio frames, `sentence_end`). `task_flush` speaks the unfinished tail,
 * `task_cancel` drops whatever is still queued and keeps the session, `task_finish` speaks the rest
 * and closes. An event out of order (a second `task_start`, or any task event before the first) is
 * 2206 and closes; too much unspoken text is 2205 (the fragment is refused, the session stays); a
 * fragment over 10,000 characters is 2204 (skipped).
 */

import type { WebSocket } from 'ws';
import { HEX_SLOT } from './respond.js';
import { checkInvisible, hexChunks, type SpeechSettings, speechSettings, synthesize } from './speech-core.js';
import type { MockContext } from './types.js';
import { characterCount, type JsonObject } from './util.js';
import { sessionChannel } from './ws-session.js';

export const BIDI_PATH = '/ws/v1/t2a_v2_bidi';
const MAX_FRAGMENT = 10_000;
/** Unspoken text the session holds before it refuses more with 2205. */
const MAX_QUEUED = 20_000;
/** A sentence ends at one of these, followed by space or the end of what arrived so far. */
const SENTENCE_END = /[.!?。！？;；]+(?:\s+|$)/g;

/** Runs one bidirectional session. */
export function startBidiSession(ws: WebSocket, ctx: MockContext): void {
  let settings: SpeechSettings | undefined;
  let queued = '';
  const { open, send, envelope, fail, listen } = sessionChannel(ws, ctx);

  const speak = (sentence: string): void => {
    if (settings === undefined || sentence.trim() === '') return;
    send({ ...envelope('sentence_start'), data: { text: sentence } });
    const clip = synthesize(ctx, sentence, settings);
    for (const chunk of hexChunks(clip.hex)) {
      send({ ...envelope('task_continued'), data: { audio: HEX_SLOT }, is_final: false }, chunk);
    }
    send({ ...envelope('sentence_end'), data: { text: sentence } });
  };
  /** Speaks every whole sentence queued so far, keeping the unfinished tail. */
  const speakWhole = (): void => {
    let last = 0;
    for (const match of queued.matchAll(SENTENCE_END)) {
      const end = (match.index ?? 0) + match[0].length;
      speak(queued.slice(last, end).trim());
      last = end;
    }
    queued = queued.slice(last);
  };

  const onStart = (msg: JsonObject): void => {
    if (settings !== undefined) {
      fail(2206, 'one session per connection: task already started', true);
      return;
    }
    const fault = ctx.faults.take(BIDI_PATH, ['wsFail']);
    if (fault !== undefined && 'wsFail' in fault) {
      fail(fault.wsFail, fault.message, true);
      return;
    }
    settings = speechSettings(msg, ctx, { streaming: true });
    send(envelope('task_started'));
  };

  /**
   * False (and the session failed with 2206, the bidirectional socket's code for an event out of
   * order) when `event` comes before `task_start`.
   */
  const started = (event: string): boolean => {
    if (settings !== undefined) return true;
    fail(2206, `illegal event order: ${event} before task_start`, true);
    return false;
  };

  const onContinue = (msg: JsonObject): void => {
    if (!started('task_continue')) return;
    const text = msg.text;
    if (typeof text !== 'string' || text === '') {
      fail(2203, undefined, false);
      return;
    }
    if (characterCount(text) > MAX_FRAGMENT) {
      fail(2204, undefined, false);
      return;
    }
    checkInvisible(text);
    const fault = ctx.faults.take(BIDI_PATH, ['wsFail', 'wsClose']);
    if (fault !== undefined && 'wsClose' in fault) {
      ws.close(1011, 'mock fault: closed mid-session');
      return;
    }
    // 2205 (and the other skip codes) refuse this fragment only; anything else ends the session.
    if (fault !== undefined && 'wsFail' in fault) {
      fail(fault.wsFail, fault.message, ![2203, 2204, 2205].includes(fault.wsFail));
      return;
    }
    if (queued.length + text.length > MAX_QUEUED) {
      fail(2205, undefined, false);
      return;
    }
    queued += text;
    speakWhole();
  };

  // A client ping counts as activity, so a quiet but live session is not closed for idleness.
  listen(
    BIDI_PATH,
    {
      task_start: onStart,
      task_continue: onContinue,
      task_flush: () => {
        if (!started('task_flush')) return;
        speak(queued.trim());
        queued = '';
        send(envelope('task_flushed'));
      },
      task_cancel: () => {
        if (!started('task_cancel')) return;
        queued = '';
        send(envelope('task_canceled'));
      },
      task_finish: () => {
        if (!started('task_finish')) return;
        speak(queued.trim());
        queued = '';
        send(envelope('task_finished'));
        if (open()) ws.close(1000, 'task finished');
      },
    },
    { pingIsActivity: true },
  );
}
