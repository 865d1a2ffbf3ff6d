/**
 * minimax-ai-provider: MiniMax for the Vercel AI SDK, built on minimax-sdk.
 *
 * @example
 * import { minimax } from 'minimax-ai-provider';
 * import { generateText } from 'ai';
 * const { text } = await generateText({ model: minimax('MiniMax-M2.7'), prompt: 'Hello' });
 */

export { finishReason } from './answer.js';
export { type MiniMaxErrorData, toAISDKError } from './errors.js';
export { MiniMaxImageModel, type MiniMaxImageModelId, type MiniMaxImageModelOptions } from './image-model.js';
export {
  MiniMaxLanguageModel,
  type MiniMaxLanguageModelId,
  type MiniMaxLanguageModelOptions,
} from './language-model.js';
export { convertPrompt } from './prompt.js';
export { createMiniMax, type MiniMaxProvider, type MiniMaxProviderSettings, minimax } from './provider.js';
export {
  languageBoost,
  MiniMaxSpeechModel,
  type MiniMaxSpeechModelId,
  type MiniMaxSpeechModelOptions,
} from './speech-model.js';
export {
  MiniMaxTranscriptionModel,
  type MiniMaxTranscriptionModelId,
  type MiniMaxTranscriptionModelOptions,
} from './transcription-model.js';
export { MiniMaxVideoModel, type MiniMaxVideoModelId, type MiniMaxVideoModelOptions } from './video-model.js';
