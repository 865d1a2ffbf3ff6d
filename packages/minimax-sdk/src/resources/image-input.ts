/**
 * Images as the API takes them in a JSON body: a public URL or a data URI. Local inputs (a path,
 * bytes, a Blob, a stream) are read and inlined as a base64 data URI, typed by their first bytes.
 */

import { ownValue } from '../core/body.js';
import { toBase64 } from '../core/bytes.js';
import { InvalidParameterError } from '../core/errors.js';
import { toFile, type Uploadable } from '../core/uploads.js';
import { isRecord } from '../core/values.js';

/**
 * The image type named by a file's first bytes (PNG, JPEG, WebP, GIF), or undefined.
 *
 * @example
 * imageTypeOf(bytes)?.mime; // 'image/png'
 */
export function imageTypeOf(bytes: Uint8Array): { ext: string; mime: string } | undefined {
  const at = (offset: number, text: string) =>
    bytes.length >= offset + text.length && [...text].every((c, i) => bytes[offset + i] === c.charCodeAt(0));
  if (bytes.length >= 8 && bytes[0] === 0x89 && at(1, 'PNG\r\n\x1a\n'))
    return { ext: 'png', mime: 'image/png' };
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return { ext: 'jpeg', mime: 'image/jpeg' };
  }
  if (at(0, 'RIFF') && at(8, 'WEBP')) return { ext: 'webp', mime: 'image/webp' };
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return { ext: 'gif', mime: 'image/gif' };
  return undefined;
}

/** Whether a string is already in a form the API takes (a URL, a data URI, an uploaded file). */
export function isRemoteImage(value: string): boolean {
  return /^\s*(https?:\/\/|data:|mm_file:\/\/)/i.test(value);
}

/**
 * An image input as a string the API takes: URLs and data URIs as they are, anything local read
 * and inlined as a data URI. `name` is the parameter, for the error of a missing or empty input.
 *
 * @example
 * const uri = await imageDataURI('./face.png', 'subject_reference[0].image_file');
 */
export async function imageDataURI(value: unknown, name: string): Promise<string> {
  if (value === undefined || value === null) throw new InvalidParameterError(`${name} is required.`);
  if (typeof value === 'string') {
    if (value.trim() === '') throw new InvalidParameterError(`${name} is empty.`);
    if (isRemoteImage(value)) return value.trim();
  }
  const file = await toFile(value as Uploadable);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.byteLength === 0) throw new InvalidParameterError(`${name} is an empty file.`);
  const type = imageTypeOf(bytes)?.mime ?? (file.type || 'application/octet-stream');
  return `data:${type};base64,${toBase64(bytes)}`;
}

/**
 * A list of reference objects (`subject_reference`) with the image under `key` in each made
 * sendable; the rest of each object is kept. `asList` makes a single image a one-item list (the
 * video API takes a list even for one image).
 *
 * @example
 * const refs = await inlineReferenceImages(params.subject_reference, 'image_file', 'subject_reference');
 */
export async function inlineReferenceImages(
  references: unknown,
  key: string,
  name: string,
  asList = false,
): Promise<unknown> {
  if (!Array.isArray(references)) return references;
  return Promise.all(
    references.map(async (reference: unknown, i) => {
      const value = ownValue(reference, key);
      if (!isRecord(reference) || value === undefined) return reference;
      const where = `${name}[${i}].${key}`;
      const converted =
        Array.isArray(value) || asList
          ? await Promise.all(
              (Array.isArray(value) ? value : [value]).map((item, j) => imageDataURI(item, `${where}[${j}]`)),
            )
          : await imageDataURI(value, where);
      return { ...reference, [key]: converted };
    }),
  );
}
