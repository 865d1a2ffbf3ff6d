/**
 * What the speech sessions share with their stand-ins in the web and browser builds
 * (`speech-bidi.web.ts`, `speech-connection.browser.ts`): the socket paths, the session URL, and the
 * cutting of long writes, which `splitText` offers on its own too.
 */
import { socketURL } from '../core/websocket.js';

export const SPEECH_SOCKET_PATH = '/ws/v1/t2a_v2';
export const BIDI_SOCKET_PATH = '/ws/v1/t2a_v2_bidi';
/**
 * The session URL: the base URL with `http`→`ws`, `https`→`wss`, its path kept, plus
 * `/ws/v1/t2a_v2` (so a proxy under a path, or a local `http://` mock, works).
 *
 * @example
 * speechSocketURL('https://api.minimax.io') // 'wss://api.minimax.io/ws/v1/t2a_v2'
 */
export function speechSocketURL(baseURL: string): string {
  return socketURL(baseURL, SPEECH_SOCKET_PATH);
}

/** The platform skips (2204) a fragment longer than this. */
export const MAX_FRAGMENT = 10_000;

/**
 * Cuts `text` into pieces of at most `limit` characters, each ending at a sentence end when one is
 * in reach, else at a space, else (one unbroken run) at the limit, never inside a surrogate pair.
 *
 * @example
 * splitText('One. Two.', 5) // ['One. ', 'Two.']
 */
export function splitText(text: string, limit = MAX_FRAGMENT): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    let cut = -1;
    for (const match of window.matchAll(/[.!?。！？;；\n]+\s*/g)) cut = (match.index ?? 0) + match[0].length;
    if (cut <= 0) cut = window.lastIndexOf(' ') + 1;
    if (cut <= 0) {
      cut = limit;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
    }
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}
