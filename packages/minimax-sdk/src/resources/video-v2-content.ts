/**
 * V2 video `content[]`: the documented combination rules, checked before any request, and local
 * inputs made sendable (inlined as data URIs, or uploaded and referenced as `mm_file://…`).
 */
import { ownValue } from '../core/body.js';
import { toBase64 } from '../core/bytes.js';
import { InvalidParameterError } from '../core/errors.js';
import type { JSONBody } from '../core/resource.js';
import { mimeFromName, toFile, type Uploadable } from '../core/uploads.js';
import { isRecord, recordOrEmpty } from '../core/values.js';

/**
 * Local media up to this size goes inline as a data URI; larger files are uploaded first. The
 * whole V2 body may be 64 MB, and base64 grows bytes by a third, so a few inline items must fit.
 */
export const V2_INLINE_LIMIT_BYTES = 8 * 1024 * 1024;

const TEXT_LIMIT = 7000;
const ROLE_LIMITS: Readonly<Record<string, number>> = {
  first_frame: 1,
  last_frame: 1,
  reference_image: 9,
  reference_video: 3,
  reference_audio: 3,
};
const ITEM_ROLES: Readonly<Record<string, readonly string[]>> = {
  image_url: ['first_frame', 'last_frame', 'reference_image'],
  video_url: ['reference_video'],
  audio_url: ['reference_audio'],
};
const FRAME_ROLES = new Set(['first_frame', 'last_frame']);

/** What the documented models allow; unknown models are sent unchecked. */
const MODEL_RULES: Readonly<
  Record<string, { resolutions: readonly string[]; duration: [number, number]; framesOnly: boolean }>
> = {
  'MiniMax-H3': { resolutions: ['768P', '2K'], duration: [4, 15], framesOnly: false },
  'MiniMax-H3-Max': { resolutions: ['480P', '768P'], duration: [5, 15], framesOnly: true },
};

/**
 * Checks `content[]` against the documented combination rules, so a request that must fail is
 * never sent (nor billed). Returns the roles used, in order.
 *
 * @example
 * checkV2Content([{ type: 'text', text: 'A fox' }], 'MiniMax-H3', body); // throws: text-only needs a ratio
 */
export function checkV2Content(content: unknown, body: JSONBody): string[] {
  if (!Array.isArray(content) || content.length === 0) {
    throw new InvalidParameterError('content must be a non-empty list with one text item.');
  }
  let texts = 0;
  const roles: string[] = [];
  content.forEach((item: unknown, i) => {
    const type = ownValue(item, 'type');
    if (type === 'text') {
      const text = ownValue(item, 'text');
      if (typeof text !== 'string' || text.trim() === '') {
        throw new InvalidParameterError(`content[${i}].text must be a non-empty string.`);
      }
      if ([...text].length > TEXT_LIMIT) {
        throw new InvalidParameterError(`content[${i}].text is over ${TEXT_LIMIT} characters.`);
      }
      texts += 1;
      return;
    }
    const allowed = typeof type === 'string' ? ITEM_ROLES[type] : undefined;
    if (!allowed) {
      throw new InvalidParameterError(
        `content[${i}].type must be text, image_url, video_url or audio_url, got ${JSON.stringify(type)}.`,
      );
    }
    const role = ownValue(item, 'role');
    if (typeof role !== 'string' || !allowed.includes(role)) {
      throw new InvalidParameterError(
        `content[${i}].role must be ${allowed.join(' or ')} for ${type}, got ${JSON.stringify(role)}.`,
      );
    }
    const url = ownValue(ownValue(item, type as string), 'url');
    if (url === undefined) throw new InvalidParameterError(`content[${i}].${type}.url is required.`);
    roles.push(role);
  });
  if (texts !== 1) {
    throw new InvalidParameterError(`content must hold exactly one text item, got ${texts}.`);
  }
  for (const [role, limit] of Object.entries(ROLE_LIMITS)) {
    const count = roles.filter((r) => r === role).length;
    if (count > limit)
      throw new InvalidParameterError(`content may hold at most ${limit} ${role}, got ${count}.`);
  }
  const frames = roles.some((r) => FRAME_ROLES.has(r));
  const references = roles.some((r) => !FRAME_ROLES.has(r));
  if (frames && references) {
    throw new InvalidParameterError(
      'content cannot mix frame roles (first_frame, last_frame) with reference roles.',
    );
  }
  if (
    roles.includes('reference_audio') &&
    !roles.some((r) => r === 'reference_image' || r === 'reference_video')
  ) {
    throw new InvalidParameterError(
      'reference_audio needs a reference_image or reference_video alongside it.',
    );
  }
  const model = typeof body.model === 'string' ? body.model : '';
  const rules = Object.hasOwn(MODEL_RULES, model) ? MODEL_RULES[model] : undefined;
  if (rules) {
    if (rules.framesOnly && references) {
      throw new InvalidParameterError(`${model} takes text and frames only, not reference media.`);
    }
    if (typeof body.resolution === 'string' && !rules.resolutions.includes(body.resolution)) {
      throw new InvalidParameterError(
        `resolution must be ${rules.resolutions.join(' or ')} for ${model}, got ${JSON.stringify(body.resolution)}.`,
      );
    }
    const duration = body.duration;
    if (
      duration !== undefined &&
      !(typeof duration === 'number' && duration >= rules.duration[0] && duration <= rules.duration[1])
    ) {
      throw new InvalidParameterError(
        `duration must be ${rules.duration[0]}–${rules.duration[1]} seconds for ${model}, got ${String(duration)}.`,
      );
    }
  }
  if (roles.length === 0 && (body.ratio === undefined || body.ratio === 'adaptive')) {
    throw new InvalidParameterError('A text-only video needs a concrete ratio (e.g. "16:9"), not adaptive.');
  }
  return roles;
}

/** The media type named by a file's first bytes (images, MP4/MOV, WebM, MP3, WAV, OGG, FLAC). */
export function mediaTypeOf(bytes: Uint8Array): string | undefined {
  const at = (offset: number, text: string) =>
    bytes.length >= offset + text.length && [...text].every((c, i) => bytes[offset + i] === c.charCodeAt(0));
  if (bytes[0] === 0x89 && at(1, 'PNG')) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'image/webp';
  if (at(0, 'RIFF') && at(8, 'WAVE')) return 'audio/wav';
  if (at(4, 'ftyp')) return at(8, 'M4A') ? 'audio/mp4' : at(8, 'qt') ? 'video/quicktime' : 'video/mp4';
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'video/webm';
  if (at(0, 'ID3') || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'audio/mpeg';
  if (at(0, 'OggS')) return 'audio/ogg';
  if (at(0, 'fLaC')) return 'audio/flac';
  return undefined;
}

/** Whether a string is already something the API takes: a URL, a data URI or an uploaded file. */
function isSendable(value: string): boolean {
  return /^\s*(https?:\/\/|data:|mm_file:\/\/)/i.test(value);
}

/**
 * A media input as the API takes it. `upload` stores a file too large to inline and returns its
 * `mm_file://` reference.
 */
async function sendableMedia(
  value: unknown,
  name: string,
  upload: ((file: File) => Promise<string>) | undefined,
): Promise<string> {
  if (value === undefined || value === null) throw new InvalidParameterError(`${name} is required.`);
  if (typeof value === 'string') {
    if (value.trim() === '') throw new InvalidParameterError(`${name} is empty.`);
    if (isSendable(value)) return value.trim();
  }
  const file = await toFile(value as Uploadable);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.byteLength === 0) throw new InvalidParameterError(`${name} is an empty file.`);
  const type =
    mediaTypeOf(bytes) ??
    (file.type && file.type !== 'application/octet-stream' ? file.type : mimeFromName(file.name));
  if (upload && bytes.byteLength > V2_INLINE_LIMIT_BYTES) {
    return upload(new File([bytes], file.name || 'input', { type }));
  }
  return `data:${type};base64,${toBase64(bytes)}`;
}

/** `content[]` with every local input made sendable (item keys other than the url are kept). */
export async function sendableContent(
  content: unknown[],
  upload: (file: File) => Promise<string>,
): Promise<unknown[]> {
  return Promise.all(
    content.map(async (item, i) => {
      const type = ownValue(item, 'type');
      if (type === 'text' || typeof type !== 'string' || !isRecord(item)) return item;
      const media = ownValue(item, type);
      const url = await sendableMedia(ownValue(media, 'url'), `content[${i}].${type}.url`, upload);
      return { ...item, [type]: { ...recordOrEmpty(media), url } };
    }),
  );
}
