/**
 * The AI SDK video model on `client.video` (Hailuo, `POST /v1/video_generation`): create, poll,
 * then download the result through the Files API.
 */
import type {
  JSONObject,
  SharedV3Warning,
  Experimental_VideoModelV3 as VideoModelV3,
} from '@ai-sdk/provider';
import type { VideoModel, VideoResult } from 'minimax-sdk';
import { mapErrors } from './errors.js';
import {
  imageSource,
  MiniMaxModel,
  mergeParams,
  minimaxOptions,
  PROVIDER_KEY,
  requestOptions,
  unsupported,
  withTrace,
} from './shared.js';

// The provider package marks video experimental and exports only the model type; the rest follows from it.
type VideoModelV3CallOptions = Parameters<VideoModelV3['doGenerate']>[0];
type VideoModelV3File = NonNullable<VideoModelV3CallOptions['image']>;

/** Video models (any string is accepted). */
export type MiniMaxVideoModelId = VideoModel;

/**
 * `providerOptions.minimax` of `experimental_generateVideo`: wire fields of `/v1/video_generation`
 * sent as given (`prompt_optimizer`, `fast_pretreatment`, `callback_url`, `aigc_watermark`, …).
 */
export interface MiniMaxVideoModelOptions {
  prompt_optimizer?: boolean;
  fast_pretreatment?: boolean;
  callback_url?: string;
  [key: string]: unknown;
}

/** A video model of the MiniMax provider. One video per task. */
export class MiniMaxVideoModel extends MiniMaxModel implements VideoModelV3 {
  readonly maxVideosPerCall = 1;

  async doGenerate(
    options: VideoModelV3CallOptions,
  ): Promise<Awaited<ReturnType<VideoModelV3['doGenerate']>>> {
    const warnings: SharedV3Warning[] = [];
    const base: Record<string, unknown> = { model: this.modelId };
    if (options.prompt !== undefined) base.prompt = options.prompt;
    if (options.duration !== undefined) base.duration = options.duration;
    if (options.resolution !== undefined) {
      // The API names resolutions by their height: 1366x768 is 768P.
      base.resolution = `${options.resolution.split('x')[1]}P`;
    }
    if (options.aspectRatio !== undefined)
      warnings.push(unsupported('aspectRatio', 'Hailuo sets it from the resolution.'));
    if (options.fps !== undefined) warnings.push(unsupported('fps'));
    if (options.seed !== undefined) warnings.push(unsupported('seed'));
    if (options.generateAudio !== undefined) warnings.push(unsupported('generateAudio'));
    let first = options.image;
    let last: VideoModelV3File | undefined;
    for (const frame of options.frameImages ?? []) {
      if (frame.frameType === 'first_frame') first = frame.image;
      else last = frame.image;
    }
    if (first !== undefined) base.first_frame_image = imageSource(first);
    if (last !== undefined) base.last_frame_image = imageSource(last);
    const references = options.inputReferences ?? [];
    if (references.length > 0) {
      base.subject_reference = [{ type: 'character', image: references.map(imageSource) }];
    }
    const params = mergeParams(base, minimaxOptions(options.providerOptions));
    const client = this.client();
    const call = { url: `${client.baseURL}/v1/video_generation`, body: params, signal: options.abortSignal };
    const sdk = requestOptions(options);
    const { result, bytes } = await mapErrors(call, async () => {
      let result: VideoResult;
      const p = params as never;
      if (references.length > 0) result = await client.video.subjectToVideo(p, sdk);
      else if (last !== undefined) result = await client.video.framesToVideo(p, sdk);
      else if (first !== undefined) result = await client.video.imageToVideo(p, sdk);
      else result = await client.video.textToVideo(p, sdk);
      // Through the Files API (with the key, on the API host): the download URL expires quickly.
      const bytes = await client.files.retrieveContent(
        { file_id: result.file_id },
        { signal: options.abortSignal },
      );
      return { result, bytes };
    });
    const meta: JSONObject = withTrace(
      {
        taskId: result.task_id,
        fileId: result.file_id,
        width: result.video_width,
        height: result.video_height,
      },
      result.trace_id,
    );
    return {
      videos: [{ type: 'binary', data: bytes, mediaType: 'video/mp4' }],
      warnings,
      providerMetadata: { [PROVIDER_KEY]: meta },
      response: { timestamp: new Date(), modelId: this.modelId, headers: undefined },
    };
  }
}
