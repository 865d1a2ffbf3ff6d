/**
 * minimax-sdk: the TypeScript SDK for MiniMax's multimodal API.
 *
 * @example
 * import MiniMax from 'minimax-sdk';
 * const client = new MiniMax();
 * const reply = await client.text.create({ model: 'MiniMax-M2.7', max_tokens: 256, messages: [{ role: 'user', content: 'Hi' }] });
 */
import { MiniMax } from './client.js';

export { BASE_URLS, type ClientOptions, MiniMax } from './client.js';
export { APIPromise, type WithResponse } from './core/api-promise.js';
export { type AudioExtraInfo, AudioResponse, decodeHex } from './core/audio.js';
export { AudioStream } from './core/audio-stream.js';
export {
  ANTHROPIC_ERROR_MAP,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthError,
  ContentSafetyError,
  ERROR_CODE_MAP,
  InputSafetyError,
  InsufficientBalanceError,
  InvalidParameterError,
  MiniMaxError,
  OutputSafetyError,
  PollTimeoutError,
  RateLimitError,
  RETRYABLE_CODES,
  ServerError,
  TaskFailedError,
  VoiceCloneError,
  VoiceDuplicateError,
  VoiceError,
  VoicePermissionError,
} from './core/errors.js';
export type { Logger, LogLevel } from './core/logger.js';
export { type ServerSentEvent, SSEDecoder } from './core/sse.js';
export type { RequestOptions, TaskProgress } from './core/transport.js';
export { toFile, type Uploadable } from './core/uploads.js';
export { VERSION } from './version.js';

export default MiniMax;
