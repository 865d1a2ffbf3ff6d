/**
 * The AI SDK image model on `client.image.generate` (`POST /v1/image_generation`).
 */
import type { ImageModelV3, ImageModelV3CallOptions, JSONObject, SharedV3Warning } from '@ai-sdk/provider';
import type { ImageGenerateParams, ImageModel } from 'minimax-sdk';
import { mapErrors } from './errors.js';
import {
  headersOf,
  imageSource,
  MiniMaxModel,
  mergeParams,
  minimaxOptions,
  PROVIDER_KEY,
  requestOptions,
  withTrace,
} from './shared.js';

/** Image models (any string is accepted). */
export type MiniMaxImageModelId = ImageModel;

/**
 * `providerOptions.minimax` of `generateImage`: wire fields of `/v1/image_generation`, sent as given.
 *
 * @example
 * providerOptions: { minimax: { prompt_optimizer: true, style: { style_type: 'watercolor' } } }
 */
export interface MiniMaxImageModelOptions {
  prompt_optimizer?: boolean;
  style?: JSONObject;
  aigc_watermark?: boolean;
  [key: string]: unknown;
}

/** The API makes at most nine images per request. */
const MAX_IMAGES_PER_CALL = 9;

/** An image model of the MiniMax provider. */
export class MiniMaxImageModel extends MiniMaxModel implements ImageModelV3 {
  readonly maxImagesPerCall = MAX_IMAGES_PER_CALL;

  async doGenerate(
    options: ImageModelV3CallOptions,
  ): Promise<Awaited<ReturnType<ImageModelV3['doGenerate']>>> {
    const warnings: SharedV3Warning[] = [];
    // base64 keeps the bytes in the answer: no second download from a URL that expires.
    const base: Record<string, unknown> = {
      model: this.modelId,
      prompt: options.prompt ?? '',
      n: options.n,
      response_format: 'base64',
    };
    if (options.aspectRatio !== undefined) base.aspect_ratio = options.aspectRatio;
    if (options.size !== undefined) {
      const [width, height] = options.size.split('x').map(Number);
      base.width = width;
      base.height = height;
      if (options.aspectRatio !== undefined) {
        warnings.push({
          type: 'other',
          message: 'MiniMax uses aspect_ratio when both it and size are given.',
        });
      }
    }
    if (options.seed !== undefined) base.seed = options.seed;
    if (options.files !== undefined && options.files.length > 0) {
      // Reference images steer the subject (the API's character reference).
      base.subject_reference = options.files.map((file) => ({
        type: 'character',
        image_file: imageSource(file),
      }));
    }
    if (options.mask !== undefined) warnings.push({ type: 'unsupported', feature: 'mask' });
    const params = mergeParams(
      base,
      minimaxOptions(options.providerOptions),
    ) as unknown as ImageGenerateParams;
    const client = this.client();
    const call = { url: `${client.baseURL}/v1/image_generation`, body: params, signal: options.abortSignal };
    const { result, images, response } = await mapErrors(call, async () => {
      const { data, response } = await client.image.generate(params, requestOptions(options)).withResponse();
      const images =
        data.image_base64 && data.image_base64.length > 0 ? data.image_base64 : await data.images();
      return { result: data, images, response };
    });
    const meta: JSONObject & { images: JSONObject[] } = withTrace(
      {
        images: images.map(() => ({})),
        id: result.id,
        successCount: result.success_count,
        failedCount: result.failed_count,
      },
      result.trace_id,
    );
    return {
      images: images as string[] | Uint8Array[],
      warnings,
      providerMetadata: { [PROVIDER_KEY]: meta },
      response: { timestamp: new Date(), modelId: this.modelId, headers: headersOf(response) },
    };
  }
}
