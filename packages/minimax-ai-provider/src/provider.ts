/**
 * `createMiniMax`: the provider factory, and `minimax`, the default instance.
 */
import { NoSuchModelError, type ProviderV3 } from '@ai-sdk/provider';
import { type ClientOptions, MiniMax } from 'minimax-sdk';
import { toAISDKError } from './errors.js';
import { MiniMaxImageModel, type MiniMaxImageModelId } from './image-model.js';
import { MiniMaxLanguageModel, type MiniMaxLanguageModelId } from './language-model.js';
import type { ModelContext } from './shared.js';
import { MiniMaxSpeechModel, type MiniMaxSpeechModelId } from './speech-model.js';
import { MiniMaxTranscriptionModel, type MiniMaxTranscriptionModelId } from './transcription-model.js';
import { MiniMaxVideoModel, type MiniMaxVideoModelId } from './video-model.js';

/**
 * Settings of `createMiniMax`: every `minimax-sdk` client option (`apiKey`, `baseURL`, `region`,
 * `timeout`, `maxRetries`, `fetch`, …), or a ready `client` to share.
 */
export interface MiniMaxProviderSettings extends ClientOptions {
  /** A client to use as is; the other settings are then ignored. */
  client?: MiniMax;
}

/** The MiniMax provider: call it with a text model id, or pick a model kind. */
export interface MiniMaxProvider extends ProviderV3 {
  (modelId: MiniMaxLanguageModelId): MiniMaxLanguageModel;
  languageModel(modelId: MiniMaxLanguageModelId): MiniMaxLanguageModel;
  /** Same as `languageModel`. */
  chat(modelId: MiniMaxLanguageModelId): MiniMaxLanguageModel;
  speechModel(modelId: MiniMaxSpeechModelId): MiniMaxSpeechModel;
  /** Same as `speechModel`. */
  speech(modelId: MiniMaxSpeechModelId): MiniMaxSpeechModel;
  /** Speech to text (`transcribe` / `experimental_transcribe`) on `asr-1.0`. */
  transcriptionModel(modelId: MiniMaxTranscriptionModelId): MiniMaxTranscriptionModel;
  /** Same as `transcriptionModel`. */
  transcription(modelId: MiniMaxTranscriptionModelId): MiniMaxTranscriptionModel;
  imageModel(modelId: MiniMaxImageModelId): MiniMaxImageModel;
  /** Same as `imageModel`. */
  image(modelId: MiniMaxImageModelId): MiniMaxImageModel;
  /** Hailuo video (`experimental_generateVideo`): text, first frame, first and last frames, subject reference. */
  videoModel(modelId: MiniMaxVideoModelId): MiniMaxVideoModel;
  /** Same as `videoModel`. */
  video(modelId: MiniMaxVideoModelId): MiniMaxVideoModel;
  /** MiniMax has no embedding models: always throws `NoSuchModelError`. */
  embeddingModel(modelId: string): never;
  /** The underlying minimax-sdk client (created on first use). */
  readonly client: MiniMax;
}

/**
 * Creates a MiniMax provider for the Vercel AI SDK.
 *
 * The client is created on first use, so a missing key surfaces as the AI SDK's
 * `LoadAPIKeyError` from the first call, not from the import.
 *
 * @example
 * import { createMiniMax } from 'minimax-ai-provider';
 * import { generateText } from 'ai';
 * const minimax = createMiniMax({ apiKey: process.env.MINIMAX_API_KEY, region: 'global' });
 * const { text } = await generateText({ model: minimax('MiniMax-M2.7'), prompt: 'Hello' });
 */
export function createMiniMax(settings: MiniMaxProviderSettings = {}): MiniMaxProvider {
  const { client: given, ...clientOptions } = settings;
  let client: MiniMax | undefined = given;
  const getClient = (): MiniMax => {
    if (client === undefined) {
      try {
        client = new MiniMax(clientOptions);
      } catch (error) {
        throw toAISDKError(error, { url: '', body: undefined });
      }
    }
    return client;
  };
  const context = (kind: string): ModelContext => ({ provider: `minimax.${kind}`, client: getClient });

  const language = (modelId: string) => new MiniMaxLanguageModel(modelId, context('messages'));
  const speech = (modelId: string) => new MiniMaxSpeechModel(modelId, context('speech'));
  const image = (modelId: string) => new MiniMaxImageModel(modelId, context('image'));
  const transcription = (modelId: string) => new MiniMaxTranscriptionModel(modelId, context('transcription'));
  const video = (modelId: string) => new MiniMaxVideoModel(modelId, context('video'));

  const provider = ((modelId: string) => {
    if (new.target) throw new Error('The MiniMax provider is a function: call it without `new`.');
    return language(modelId);
  }) as MiniMaxProvider;
  Object.assign(provider, {
    specificationVersion: 'v3',
    languageModel: language,
    chat: language,
    speechModel: speech,
    speech,
    transcriptionModel: transcription,
    transcription,
    imageModel: image,
    image,
    videoModel: video,
    video,
    embeddingModel: (modelId: string): never => {
      throw new NoSuchModelError({ modelId, modelType: 'embeddingModel' });
    },
  });
  Object.defineProperty(provider, 'client', { get: getClient, enumerable: false });
  return provider;
}

/**
 * The default provider: reads `MINIMAX_API_KEY` (and `MINIMAX_BASE_URL` / `MINIMAX_REGION`) on first use.
 *
 * @example
 * import { minimax } from 'minimax-ai-provider';
 * const { text } = await generateText({ model: minimax('MiniMax-M2.7'), prompt: 'Hello' });
 */
export const minimax: MiniMaxProvider = createMiniMax();
