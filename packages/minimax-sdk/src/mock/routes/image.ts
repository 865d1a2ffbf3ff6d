/**
 * `POST /v1/image_generation`: `n` PNGs at the size the aspect ratio (or width and height) asks
 * for, as URLs the mock serves or as base64.
 */

import { dataURLBytes } from '../image-size.js';
import { ASPECT_RATIO_NAMES, aspectRatioSize } from '../media.js';
import type { Handler } from '../types.js';
import { isObject, seedFrom } from '../util.js';
import {
  bodyObject,
  invalid,
  optionalArray,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalString,
  requireString,
} from '../validate.js';
import { publish } from './common.js';

/** A reference image is a public URL or a data URL, as for video frames. */
const IMAGE_REF = /^(https?:\/\/|data:image\/)/;
const REFERENCE_TYPES = ['image/jpeg', 'image/jpg', 'image/png'];
const MAX_REFERENCE_BYTES = 10 * 1024 * 1024;

/** `POST /v1/image_generation`. */
export const imageGenerate: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  const model = requireString(body, 'model');
  const prompt = requireString(body, 'prompt', { max: 1500 });
  const format = optionalString(body, 'response_format', { oneOf: ['url', 'base64'] }) ?? 'url';
  const n = optionalNumber(body, 'n', { min: 1, max: 9, integer: true }) ?? 1;
  const ratio = optionalString(body, 'aspect_ratio', { oneOf: ASPECT_RATIO_NAMES });
  const sizeRule = { min: 512, max: 2048, integer: true };
  const width = optionalNumber(body, 'width', sizeRule);
  const height = optionalNumber(body, 'height', sizeRule);
  if ((width === undefined) !== (height === undefined)) {
    invalid(width === undefined ? 'width' : 'height', 'must be given together with the other dimension');
  }
  if (width !== undefined && width % 8 !== 0) invalid('width', 'must be a multiple of 8');
  if (height !== undefined && height % 8 !== 0) invalid('height', 'must be a multiple of 8');
  const seed = optionalNumber(body, 'seed', { integer: true });
  optionalBoolean(body, 'prompt_optimizer');
  optionalBoolean(body, 'aigc_watermark');
  optionalArray(body, 'subject_reference')?.forEach((s, i) => {
    if (!isObject(s)) invalid(`subject_reference[${i}]`, 'must be an object');
    if (s.type !== 'character') invalid(`subject_reference[${i}].type`, 'must be character');
    const field = `subject_reference[${i}].image_file`;
    const image = requireString(s, 'image_file', {}, `subject_reference[${i}].`);
    if (!IMAGE_REF.test(image)) invalid(field, 'must be a public URL or a data:image/ URL');
    // A data URL is held to the platform's rules: JPG, JPEG or PNG, under 10 MB.
    const data = dataURLBytes(image);
    if (data !== undefined && !REFERENCE_TYPES.includes(data.type))
      invalid(field, 'must be a JPG, JPEG or PNG image');
    if (data !== undefined && data.bytes.byteLength >= MAX_REFERENCE_BYTES)
      invalid(field, 'must be under 10 MB');
  });
  const style = optionalObject(body, 'style');
  optionalString(style, 'style_type', {}, 'style.');
  optionalNumber(style, 'style_weight', { min: 0, minExclusive: true, max: 1 }, 'style.');

  // The aspect ratio wins when both are given, as the API documents.
  const size =
    ratio !== undefined
      ? aspectRatioSize(ratio)
      : width !== undefined && height !== undefined
        ? { width, height }
        : aspectRatioSize('1:1');
  const base = seed ?? seedFrom(`${model}\n${prompt}`);
  const images = Array.from({ length: n }, (_, i) =>
    ctx.media.image(size.width, size.height, (base + i) >>> 0),
  );
  const data =
    format === 'url'
      ? {
          image_urls: images.map((img, i) =>
            publish(
              r,
              ctx,
              `image-${size.width}x${size.height}-${(base + i) >>> 0}.png`,
              img.bytes,
              'image/png',
            ),
          ),
        }
      : { image_base64: images.map((img) => img.base64) };
  return {
    id: ctx.state.nextId('img-'),
    data,
    // The real API sends these counts as strings.
    metadata: { success_count: String(n), failed_count: '0' },
  };
};
