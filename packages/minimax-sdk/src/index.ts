/**
 * minimax-sdk: the TypeScript SDK for MiniMax's multimodal API.
 *
 * @example
 * import MiniMax from 'minimax-sdk';
 * const client = new MiniMax();
 * const reply = await client.text.create({ model: 'MiniMax-M2.7', max_tokens: 256, messages: [{ role: 'user', content: 'Hi' }] });
 */
import { MiniMax } from './client.js';

export { BASE_URLS, type ClientOptions, MiniMax, MiniMaxBase } from './client.js';
export { APIPromise, type WithResponse } from './core/api-promise.js';
export { type AudioExtraInfo, AudioResponse, audioExtension } from './core/audio.js';
export { AudioStream } from './core/audio-stream.js';
export { decodeBase64, decodeHex, toBase64 } from './core/bytes.js';
export {
  ANTHROPIC_ERROR_MAP,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthError,
  ContentSafetyError,
  ERROR_CODE_MAP,
  type ErrorEnvelope,
  FileWriteError,
  InputSafetyError,
  InsufficientBalanceError,
  InvalidParameterError,
  MiniMaxError,
  ModelUnavailableError,
  OPENAI_ERROR_MAP,
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
export { mediaDurationMs } from './core/media-duration.js';
export { writeFileAtomic } from './core/node-fs.js';
export { LEGACY_CN_BASE_URL, type Region, type RegionOption, regionOfURL } from './core/region.js';
export { type ServerSentEvent, SSEDecoder } from './core/sse.js';
export type { RequestOptions, TaskProgress } from './core/transport.js';
export { toFile, type Uploadable } from './core/uploads.js';
export {
  type ChosenResources,
  type CreateClientOptions,
  createClient,
  type MiniMaxClient,
  type ResourceChoice,
  type ResourceClasses,
} from './create-client.js';
export { VERSION } from './version.js';

export default MiniMax;

// The resources, their stream and result classes, and their types (kept in import order).
export { Account } from './resources/account.js';
export type * from './resources/account-types.js';
export {
  CALLBACK_MAX_BODY_BYTES,
  handleCallback,
  nodeCallbackHandler,
  parseCallbackEvent,
} from './resources/callbacks.js';
export type * from './resources/callbacks-types.js';
export { Chat, splitThinking } from './resources/chat.js';
export { ChatCompletionStream } from './resources/chat-stream.js';
export type * from './resources/chat-types.js';
export { Files, UPLOAD_PURPOSES } from './resources/files.js';
export type * from './resources/files-types.js';
export { Image, ImageResult, type ImageResultInit } from './resources/image.js';
export { imageDataURI, imageTypeOf } from './resources/image-input.js';
export type * from './resources/image-types.js';
export * from './resources/literals.js';
export { MessageStream } from './resources/message-stream.js';
export { Models } from './resources/models.js';
export type * from './resources/models-types.js';
export { Music } from './resources/music.js';
export type * from './resources/music-types.js';
export { RemoteVideo } from './resources/remote-video.js';
export { ResponseStream } from './resources/response-stream.js';
export { Responses } from './resources/responses.js';
export type * from './resources/responses-types.js';
export { Search } from './resources/search.js';
export type * from './resources/search-types.js';
export { Speech } from './resources/speech.js';
export { SpeechBidiSession } from './resources/speech-bidi.js';
export { SpeechConnection } from './resources/speech-connection.js';
export { speechSocketURL, splitText } from './resources/speech-sockets.js';
export { SpeechStream } from './resources/speech-stream.js';
export type * from './resources/speech-types.js';
export {
  type KnownSystemVoiceId,
  SYSTEM_VOICE_IDS,
  SYSTEM_VOICE_IDS_BY_LANGUAGE,
  type SystemVoiceId,
} from './resources/system-voices.js';
export { Text } from './resources/text.js';
export type * from './resources/text-types.js';
export { TranscriptionStream } from './resources/transcription-stream.js';
export type * from './resources/transcription-types.js';
export { Video } from './resources/video.js';
export { VideoTemplateResult, VideoTemplates } from './resources/video-templates.js';
export type * from './resources/video-templates-types.js';
export type * from './resources/video-types.js';
export { VideoV2, VideoV2Result } from './resources/video-v2.js';
export { checkV2Content, V2_INLINE_LIMIT_BYTES } from './resources/video-v2-content.js';
export type * from './resources/video-v2-types.js';
export { Vision } from './resources/vision.js';
export type * from './resources/vision-types.js';
export { Voice } from './resources/voice.js';
export type * from './resources/voice-types.js';
