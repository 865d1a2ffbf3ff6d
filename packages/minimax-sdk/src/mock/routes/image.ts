/**
 * `POST /v1/image_generation`: `n` PNGs at the size the aspect ratio (or width and height) asks
 * for, as URLs the mock serves or as base64.
 */

import { checkImageRef } from '../image-size.js';
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

/** A subject reference sent as a data URL: JPG, JPEG or PNG, under 10 MB. */
const REFERENCE_RULE = {
  types: ['image/jpeg', 'image/jpg', 'image/png'],
  typeNames: 'JPG, JPEG or PNG',
  maxMB: 10,
};

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
    const image = requireString(s, 'image_file', {}, `subject_reference[${i}].`);
    checkImageRef(image, `subject_reference[${i}].image_file`, REFERENCE_RULE);
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
